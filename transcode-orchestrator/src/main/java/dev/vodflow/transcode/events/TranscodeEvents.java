package dev.vodflow.transcode.events;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventType;
import dev.vodflow.events.VodflowEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes transcode events as CloudEvents in Kafka binary mode, keyed by video id, and waits for the broker's
 * acknowledgement: callers publish inside their database transaction, so a failed send rolls the state change
 * back and the cause is tried again, while a send followed by a failed commit only repeats an event whose
 * deterministic id consumers drop.
 */
public class TranscodeEvents {

    static final String SOURCE = "/vodflow/transcode-orchestrator";

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration sendTimeout;

    public TranscodeEvents(KafkaTemplate<String, String> kafka, JsonMapper json, Duration sendTimeout) {
        this.kafka = kafka;
        this.json = json;
        this.sendTimeout = sendTimeout;
    }

    public void publish(VodflowEvent event) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(EventType.of(event).topic(), event.videoId(), json.writeValueAsString(event));
        CloudEventEnvelope.of(event, SOURCE).toHeaders().forEach((name, value) -> record.headers()
                .add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            kafka.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.eventId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EventNotPublishedException(
                    "Kafka did not acknowledge " + EventType.of(event).type() + " " + event.eventId(), e);
        }
    }
}
