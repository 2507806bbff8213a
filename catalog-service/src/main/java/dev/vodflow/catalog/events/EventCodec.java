package dev.vodflow.catalog.events;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventType;
import dev.vodflow.events.VodflowEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events on the wire: CloudEvents 1.0 in Kafka binary mode ({@code ce_*} headers, JSON body), key = video
 * id. Decoding refuses anything that is not exactly that, naming what is wrong, so the record can be
 * dead-lettered with a useful cause.
 */
@Component
public class EventCodec {

    static final String SOURCE = "/vodflow/catalog-service";

    private final JsonMapper json;

    EventCodec(JsonMapper json) {
        this.json = json;
    }

    public VodflowEvent decode(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        CloudEventEnvelope envelope = CloudEventEnvelope.fromHeaders(headers);
        EventType type = envelope.eventType();
        if (!type.topic().equals(record.topic())) {
            throw new MalformedEventException("ce_type " + type.type() + " does not belong on topic " + record.topic());
        }
        if (record.value() == null) {
            throw new MalformedEventException("record has no value");
        }
        VodflowEvent event;
        try {
            event = json.readValue(record.value(), type.payloadClass());
        } catch (JacksonException e) {
            throw new MalformedEventException("body is not a valid " + type.type() + ": " + e.getOriginalMessage(), e);
        }
        if (!event.eventId().equals(envelope.id())) {
            throw new MalformedEventException(
                    "ce_id " + envelope.id() + " differs from the body's eventId " + event.eventId());
        }
        if (record.key() != null && !record.key().equals(event.videoId())) {
            throw new MalformedEventException(
                    "record key " + record.key() + " differs from the body's videoId " + event.videoId());
        }
        return event;
    }

    public ProducerRecord<String, byte[]> encode(VodflowEvent event) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(EventType.of(event).topic(), event.videoId(), json.writeValueAsBytes(event));
        CloudEventEnvelope.of(event, SOURCE).toHeaders().forEach((name, value) -> record.headers()
                .add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
