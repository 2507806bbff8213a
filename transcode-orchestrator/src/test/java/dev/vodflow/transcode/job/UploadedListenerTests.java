package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventIds;
import dev.vodflow.events.TranscodeProgress;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.events.VodflowEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class UploadedListenerTests {

    private final JsonMapper json = JsonMapper.builder().build();

    private final VideoUploaded uploaded = new VideoUploaded(
            EventIds.videoUploaded("b", "input/v1/a.mp4", "etag"),
            "v1",
            "alice",
            Instant.parse("2026-11-22T10:00:00Z"),
            "A title",
            "a.mp4",
            "video/mp4",
            "b",
            "input/v1/a.mp4",
            1234,
            "etag",
            VideoUploaded.Origin.API);

    private ConsumerRecord<String, String> record(VodflowEvent headersOf, String value) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("video.uploaded", 0, 0, "v1", value);
        if (headersOf != null) {
            CloudEventEnvelope.of(headersOf, "/vodflow/upload-service")
                    .toHeaders()
                    .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    @Test
    void readsAVideoUploadedCloudEvent() {
        assertThat(UploadedListener.read(record(uploaded, json.writeValueAsString(uploaded)), json))
                .isEqualTo(uploaded);
    }

    @Test
    void refusesRecordsThatAreNotVideoUploadedEvents() {
        TranscodeProgress progress = new TranscodeProgress("p", "v1", "alice", Instant.EPOCH, "j", 5, "TRANSCODING");

        assertThatThrownBy(() -> UploadedListener.read(record(null, json.writeValueAsString(uploaded)), json))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("ce_specversion");
        assertThatThrownBy(() -> UploadedListener.read(record(progress, json.writeValueAsString(uploaded)), json))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("dev.vodflow.transcode.progress.v1");
        assertThatThrownBy(() -> UploadedListener.read(record(uploaded, "{not json"), json))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> UploadedListener.read(record(uploaded, "{\"videoId\":\"v1\",\"size\":1}"), json))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("eventId is required");
        assertThatThrownBy(() -> UploadedListener.read(record(uploaded, null), json))
                .isInstanceOf(UnreadableEventException.class);
        assertThat(Transience.isTransient(new UnreadableEventException("x", null)))
                .isFalse();
    }
}
