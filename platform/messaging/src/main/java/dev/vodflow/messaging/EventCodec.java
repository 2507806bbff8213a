package dev.vodflow.messaging;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventType;
import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VodflowEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events on the wire, the format the golden files of the events module pin: CloudEvents 1.0 in Kafka binary mode
 * ({@code ce_*} headers, {@code content-type: application/json}, the event as the JSON body), keyed by video id.
 *
 * <p>Every check a consumer needs is made here, once: the topic is a vodflow topic, the envelope is complete, the
 * content type is JSON, the type belongs on the topic, the source is the topic's owner, the body is a valid event of
 * that type, {@code ce_id} is its id, and the key is its video id. A record failing any of them is an
 * {@link UndecodableEvent}.
 */
public final class EventCodec {

    private final JsonMapper json;

    public EventCodec(JsonMapper json) {
        this.json = json;
    }

    /** A record ready to send. */
    public record Encoded(String topic, String key, Map<String, String> headers, byte[] payload) {}

    /** The record of {@code event} as the owner of its topic publishes it. */
    public Encoded encode(VodflowEvent event) {
        TopicSpec topic = Topics.spec(EventType.of(event).topic());
        return new Encoded(
                topic.name(),
                event.videoId(),
                CloudEventEnvelope.of(event, topic.ownerSource()).toHeaders(),
                json.writeValueAsBytes(event));
    }

    /** Any event its topic may carry. */
    public VodflowEvent decode(Message<byte[]> message) {
        return decode(message, VodflowEvent.class);
    }

    /**
     * The event a consumed record carries, refused unless it is exactly what {@link #encode} produces for its topic
     * and an instance of {@code expected}.
     */
    public <T extends VodflowEvent> T decode(Message<byte[]> message, Class<T> expected) {
        MessageHeaders headers = message.getHeaders();
        RecordPosition position = new RecordPosition(
                text(headers.get(KafkaHeaders.RECEIVED_TOPIC)),
                headers.get(KafkaHeaders.RECEIVED_PARTITION, Integer.class),
                headers.get(KafkaHeaders.OFFSET, Long.class));
        TopicSpec topic = topic(position);
        CloudEventEnvelope envelope = envelope(position, headers);
        String contentType = text(headers.get(CloudEventEnvelope.CONTENT_TYPE_HEADER));
        if (contentType == null || !isJson(contentType)) {
            throw new UndecodableEvent(
                    position,
                    "content-type",
                    "expected " + CloudEventEnvelope.CONTENT_TYPE + ", was " + quoted(contentType),
                    null);
        }
        EventType type = EventType.fromType(envelope.type())
                .orElseThrow(() -> new UndecodableEvent(
                        position, "ce_type", "unknown event type " + quoted(envelope.type()), null));
        if (!type.topic().equals(topic.name())) {
            throw new UndecodableEvent(
                    position, "ce_type", type.type() + " does not belong on topic " + topic.name(), null);
        }
        if (!expected.isAssignableFrom(type.payloadClass())) {
            throw new UndecodableEvent(
                    position,
                    "ce_type",
                    "this consumer takes " + expected.getSimpleName() + ", not " + type.type(),
                    null);
        }
        if (!topic.ownerSource().equals(envelope.source())) {
            throw new UndecodableEvent(
                    position,
                    "ce_source",
                    quoted(envelope.source()) + " does not own " + topic.name() + " (its owner is "
                            + topic.ownerSource() + ")",
                    null);
        }
        VodflowEvent event = body(position, type, message.getPayload());
        if (!event.eventId().equals(envelope.id())) {
            throw new UndecodableEvent(
                    position, "ce_id", envelope.id() + " differs from the body's eventId " + event.eventId(), null);
        }
        String key = text(headers.get(KafkaHeaders.RECEIVED_KEY));
        if (!event.videoId().equals(key)) {
            throw new UndecodableEvent(
                    position, "key", "record key " + quoted(key) + " is not the videoId " + event.videoId(), null);
        }
        return expected.cast(event);
    }

    private static TopicSpec topic(RecordPosition position) {
        if (position.topic() == null) {
            throw new UndecodableEvent(position, "topic", "the record names no topic", null);
        }
        Optional<TopicSpec> spec = Topics.ALL.stream()
                .filter(t -> t.name().equals(position.topic()))
                .findFirst();
        return spec.orElseThrow(() ->
                new UndecodableEvent(position, "topic", position.topic() + " is not a vodflow event topic", null));
    }

    private static CloudEventEnvelope envelope(RecordPosition position, MessageHeaders headers) {
        Map<String, String> attributes = new HashMap<>();
        headers.forEach((name, value) -> {
            if (name.startsWith("ce_")) {
                String text = text(value);
                if (text != null) {
                    attributes.put(name, text);
                }
            }
        });
        try {
            return CloudEventEnvelope.fromHeaders(attributes);
        } catch (IllegalArgumentException e) {
            throw new UndecodableEvent(position, "envelope", e.getMessage(), e);
        }
    }

    private VodflowEvent body(RecordPosition position, EventType type, byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new UndecodableEvent(position, "body", "the record has no body", null);
        }
        try {
            return json.readValue(payload, type.payloadClass());
        } catch (JacksonException e) {
            // a missing required field surfaces here too: the records refuse it in their constructors
            throw new UndecodableEvent(
                    position, "body", "not a valid " + type.type() + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UndecodableEvent(position, "body", "not a valid " + type.type() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim();
        return mediaType.equalsIgnoreCase(CloudEventEnvelope.CONTENT_TYPE);
    }

    /** Kafka header values arrive as bytes, or as text when a header mapper already decoded them. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    private static String quoted(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }
}
