package dev.vodflow.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Splits what a batch-mode binding receives (one message, a list of payloads, each header a list with one entry per
 * record) into one message per record, shaped as a record-mode binding would receive it, so {@link EventCodec} reads
 * both the same way. Index {@code i} of the result is record {@code i} of the poll: the index a
 * {@code BatchListenerFailedException} names.
 */
public final class BatchMessages {

    private static final List<String> PER_RECORD = List.of(
            KafkaHeaders.RECEIVED_TOPIC,
            KafkaHeaders.RECEIVED_PARTITION,
            KafkaHeaders.OFFSET,
            KafkaHeaders.RECEIVED_KEY,
            KafkaHeaders.RECEIVED_TIMESTAMP);

    private BatchMessages() {}

    public static List<Message<byte[]>> split(Message<List<byte[]>> batch) {
        MessageHeaders headers = batch.getHeaders();
        List<byte[]> payloads = batch.getPayload();
        List<?> converted = list(headers.get(KafkaHeaders.BATCH_CONVERTED_HEADERS));
        List<?> natives = list(headers.get(KafkaHeaders.NATIVE_HEADERS));
        List<Message<byte[]>> records = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            MessageBuilder<byte[]> record =
                    MessageBuilder.withPayload(payloads.get(i) == null ? new byte[0] : payloads.get(i));
            for (String name : PER_RECORD) {
                List<?> values = list(headers.get(name));
                if (values != null && i < values.size() && values.get(i) != null) {
                    record.setHeader(name, values.get(i));
                }
            }
            if (converted != null && i < converted.size() && converted.get(i) instanceof Map<?, ?> map) {
                map.forEach((name, value) -> record.setHeader(String.valueOf(name), value));
            } else if (natives != null && i < natives.size() && natives.get(i) instanceof Headers kafkaHeaders) {
                for (Header header : kafkaHeaders) {
                    record.setHeader(header.key(), header.value());
                }
            }
            records.add(record.build());
        }
        return records;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : null;
    }
}
