package dev.vodflow.catalog.events;

import dev.vodflow.events.VodflowEvent;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the catalog's own events and waits for the broker's acknowledgement (acks=all, idempotent
 * producer), so a caller inside a database transaction commits only what was published.
 */
@Component
public class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final Duration timeout;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec, CatalogKafkaProperties properties) {
        this.kafka = kafka;
        this.codec = codec;
        this.timeout = properties.publishTimeout();
    }

    public void publish(VodflowEvent event) {
        try {
            kafka.send(codec.encode(event)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(event, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException(event, e);
        }
    }

    /** The broker did not acknowledge an event in time; nothing was committed. */
    public static class PublishFailedException extends RuntimeException {

        PublishFailedException(VodflowEvent event, Throwable cause) {
            super("could not publish " + event.getClass().getSimpleName() + " " + event.eventId(), cause);
        }
    }
}
