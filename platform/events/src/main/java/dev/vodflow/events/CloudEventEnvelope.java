package dev.vodflow.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudEvents 1.0 attributes of one event, as carried in Kafka binary mode: each attribute is a
 * {@code ce_}-prefixed header with a UTF-8 string value, the payload is the record body as JSON.
 *
 * @param source a URI reference naming the producing service, for example {@code /vodflow/upload-service}
 * @param subject the video id, so consumers can route without parsing the body
 */
public record CloudEventEnvelope(String id, String type, String source, Instant time, String subject) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static final String ID_HEADER = "ce_id";
    public static final String TYPE_HEADER = "ce_type";
    public static final String SOURCE_HEADER = "ce_source";
    public static final String TIME_HEADER = "ce_time";
    public static final String SPEC_VERSION_HEADER = "ce_specversion";
    public static final String SUBJECT_HEADER = "ce_subject";
    public static final String CONTENT_TYPE_HEADER = "content-type";

    public CloudEventEnvelope {
        Require.text(id, "ce_id");
        Require.text(type, "ce_type");
        Require.text(source, "ce_source");
        Require.present(time, "ce_time");
    }

    /** The envelope of {@code event} as produced by {@code source}: id, type and time come from the event. */
    public static CloudEventEnvelope of(VodflowEvent event, String source) {
        return new CloudEventEnvelope(
                event.eventId(), EventType.of(event).type(), source, event.occurredAt(), event.videoId());
    }

    /** Header name to value, in a stable order, ready to become Kafka headers. */
    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION_HEADER, SPEC_VERSION);
        headers.put(ID_HEADER, id);
        headers.put(TYPE_HEADER, type);
        headers.put(SOURCE_HEADER, source);
        headers.put(TIME_HEADER, time.toString());
        if (subject != null) {
            headers.put(SUBJECT_HEADER, subject);
        }
        headers.put(CONTENT_TYPE_HEADER, CONTENT_TYPE);
        return headers;
    }

    /**
     * Reads the envelope back from headers. Refuses a record that is not a CloudEvents 1.0 event with a
     * message naming the missing or malformed header.
     */
    public static CloudEventEnvelope fromHeaders(Map<String, String> headers) {
        String specVersion = headers.get(SPEC_VERSION_HEADER);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new IllegalArgumentException(
                    "not a CloudEvents 1.0 record: header " + SPEC_VERSION_HEADER + " is " + specVersion);
        }
        String time = headers.get(TIME_HEADER);
        Instant parsedTime;
        try {
            parsedTime = time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "header " + TIME_HEADER + " is not an RFC 3339 UTC timestamp: '" + time + "'", e);
        }
        return new CloudEventEnvelope(
                headers.get(ID_HEADER),
                headers.get(TYPE_HEADER),
                headers.get(SOURCE_HEADER),
                parsedTime,
                headers.get(SUBJECT_HEADER));
    }

    /** The event type this envelope announces; refuses types this version of the contracts does not know. */
    public EventType eventType() {
        return EventType.fromType(type)
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + type + "'"));
    }
}
