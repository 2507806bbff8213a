package dev.vodflow.testsupport;

import dev.vodflow.events.VodflowEvent;
import dev.vodflow.messaging.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test events as Kafka records, exactly as their topic's owner publishes them (the services' codec refuses any other
 * source), or deliberately changed to test a refusal.
 */
public final class EventRecords {

    private static final EventCodec CODEC = new EventCodec(JsonMapper.builder().build());

    private EventRecords() {}

    /** The record of {@code event} as the owner of its topic sends it. */
    public static ProducerRecord<String, byte[]> of(VodflowEvent event) {
        EventCodec.Encoded encoded = CODEC.encode(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.payload());
        encoded.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** The record of {@code event} with one CloudEvents header replaced, for example a forged {@code ce_source}. */
    public static ProducerRecord<String, byte[]> withHeader(VodflowEvent event, String header, String value) {
        ProducerRecord<String, byte[]> record = of(event);
        record.headers().remove(header);
        record.headers().add(header, value.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
