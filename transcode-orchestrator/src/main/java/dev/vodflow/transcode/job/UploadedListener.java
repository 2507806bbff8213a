package dev.vodflow.transcode.job;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventType;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoUploaded;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code video.uploaded} and hands each event to {@link Intake}; the offset is committed afterwards. */
class UploadedListener {

    static final String LISTENER_ID = "video-uploaded";

    private final Intake intake;
    private final JsonMapper json;

    UploadedListener(Intake intake, JsonMapper json) {
        this.intake = intake;
        this.json = json;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.VIDEO_UPLOADED, groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        intake.accept(read(record, json));
    }

    static VideoUploaded read(ConsumerRecord<String, String> record, JsonMapper json) {
        return read(record, json, EventType.VIDEO_UPLOADED, VideoUploaded.class);
    }

    /** One CloudEvents record of {@code type}, or an {@link UnreadableEventException} saying what is wrong. */
    static <T> T read(ConsumerRecord<String, String> record, JsonMapper json, EventType type, Class<T> payload) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        try {
            CloudEventEnvelope envelope = CloudEventEnvelope.fromHeaders(headers);
            if (envelope.eventType() != type) {
                throw new UnreadableEventException(
                        "expected a " + type.topic() + " event, got type " + envelope.type(), null);
            }
            if (record.value() == null || record.value().isBlank()) {
                throw new UnreadableEventException("the record has no payload", null);
            }
            return json.readValue(record.value(), payload);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnreadableEventException("unreadable " + type.topic() + ": " + e.getMessage(), e);
        }
    }
}
