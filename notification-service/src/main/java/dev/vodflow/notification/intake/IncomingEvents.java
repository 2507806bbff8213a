package dev.vodflow.notification.intake;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventType;
import dev.vodflow.events.VodflowEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reads one Kafka record (CloudEvents binary mode) into the event it carries, or refuses it with the reason. */
@Component
class IncomingEvents {

    private final JsonMapper json;

    IncomingEvents(JsonMapper json) {
        this.json = json;
    }

    VodflowEvent read(Map<String, Object> headers, byte[] payload) {
        Map<String, String> ceHeaders = new HashMap<>();
        headers.forEach((name, value) -> {
            if (name.startsWith("ce_") || name.equals(CloudEventEnvelope.CONTENT_TYPE_HEADER)) {
                if (value instanceof byte[] bytes) {
                    ceHeaders.put(name, new String(bytes, StandardCharsets.UTF_8));
                } else if (value != null) {
                    ceHeaders.put(name, value.toString());
                }
            }
        });
        CloudEventEnvelope envelope;
        EventType type;
        try {
            envelope = CloudEventEnvelope.fromHeaders(ceHeaders);
            type = envelope.eventType();
        } catch (IllegalArgumentException e) {
            throw new RejectedEvent("not a vodflow CloudEvent: " + e.getMessage(), e);
        }
        if (payload == null || payload.length == 0) {
            throw new RejectedEvent("event " + envelope.id() + " has an empty body", null);
        }
        VodflowEvent event;
        try {
            event = json.readValue(payload, type.payloadClass());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RejectedEvent(
                    "event " + envelope.id() + " of type " + type.type() + " has a malformed body: " + e.getMessage(),
                    e);
        }
        if (!envelope.id().equals(event.eventId())) {
            throw new RejectedEvent(
                    "ce_id " + envelope.id() + " does not match the body's eventId " + event.eventId(), null);
        }
        return event;
    }
}
