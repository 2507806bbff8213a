package dev.vodflow.live.events;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventType;
import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveRecorded;
import dev.vodflow.events.LiveStarted;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.live.LiveProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the live events and waits for the broker's acknowledgement (acks=all, idempotent producer), so a
 * channel's state is reported changed only once its event is durable. Records are keyed by video id like every
 * other topic: the broadcast's, which its recording keeps, so one broadcast's events share a partition and every
 * consumer's codec accepts them. Consumers order a channel's broadcasts by {@code occurredAt}.
 */
@Component
public class LiveEventPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration timeout;

    LiveEventPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, LiveProperties settings) {
        this.kafka = kafka;
        this.json = json;
        this.timeout = settings.live().publishTimeout();
    }

    public void started(LiveStarted event) {
        publish(event);
    }

    public void ended(LiveEnded event) {
        publish(event);
    }

    public void recorded(LiveRecorded event) {
        publish(event);
    }

    private void publish(VodflowEvent event) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(EventType.of(event).topic(), event.videoId(), json.writeValueAsString(event));
        CloudEventEnvelope.of(event, Topics.LIVE_SERVICE).toHeaders().forEach((name, value) -> record.headers()
                .add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            kafka.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(event, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException(event, e.getCause() == null ? e : e.getCause());
        }
    }

    /** Kafka did not acknowledge in time. */
    public static class PublishFailedException extends RuntimeException {
        PublishFailedException(VodflowEvent event, Throwable cause) {
            super(EventType.of(event).topic() + " " + event.eventId() + " was not acknowledged by Kafka", cause);
        }
    }
}
