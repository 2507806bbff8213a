package dev.vodflow.playback.events;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventType;
import dev.vodflow.events.VodflowEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a Kafka record into the event it announces: checks the CloudEvents headers name the expected type and
 * the body agrees with them. Anything else is refused with a message that ends up in the dead-letter headers.
 */
@Component
class EventReader {

    private final JsonMapper json;

    EventReader(JsonMapper json) {
        this.json = json;
    }

    <T extends VodflowEvent> T read(Message<byte[]> message, EventType expected, Class<T> type) {
        Map<String, String> headers = new HashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value instanceof byte[] bytes) {
                headers.put(name, new String(bytes, StandardCharsets.UTF_8));
            } else if (value instanceof String text) {
                headers.put(name, text);
            }
        });
        CloudEventEnvelope envelope = CloudEventEnvelope.fromHeaders(headers);
        if (envelope.eventType() != expected) {
            throw new IllegalArgumentException(
                    "expected a " + expected.type() + " event but header ce_type is " + envelope.type());
        }
        T event;
        try {
            event = json.readValue(message.getPayload(), type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "body is not a valid " + expected.type() + " event: " + e.getOriginalMessage(), e);
        }
        if (!envelope.id().equals(event.eventId())) {
            throw new IllegalArgumentException(
                    "header ce_id " + envelope.id() + " does not match body eventId " + event.eventId());
        }
        return event;
    }
}
