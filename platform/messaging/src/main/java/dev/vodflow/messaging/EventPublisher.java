package dev.vodflow.messaging;

import dev.vodflow.events.EventType;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VodflowEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Publishes this service's events and waits for the broker's acknowledgement (acks=all, idempotent producer): a
 * caller inside a database transaction commits only what was published, and one acknowledging an SQS message
 * does so only once the event is durable. A service publishes only to the topics it owns.
 */
public class EventPublisher {

    private final KafkaOperations<String, byte[]> kafka;
    private final EventCodec codec;
    private final String source;
    private final Duration timeout;

    public EventPublisher(KafkaOperations<String, byte[]> kafka, EventCodec codec, String source, Duration timeout) {
        this.kafka = kafka;
        this.codec = codec;
        this.source = source;
        this.timeout = timeout;
    }

    /**
     * Sends {@code event} keyed by its video id and returns once the broker has it.
     *
     * @throws EventNotPublished when the broker does not acknowledge within the timeout
     * @throws IllegalArgumentException when this service does not own the event's topic
     */
    public void publish(VodflowEvent event) {
        String topic = EventType.of(event).topic();
        String owner = Topics.spec(topic).ownerSource();
        if (!owner.equals(source)) {
            throw new IllegalArgumentException(
                    source + " may not publish to " + topic + ": only its owner " + owner + " does");
        }
        EventCodec.Encoded encoded = codec.encode(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.payload());
        encoded.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            kafka.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotPublished(event, e);
        } catch (ExecutionException e) {
            throw new EventNotPublished(event, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new EventNotPublished(event, e);
        }
    }
}
