package dev.vodflow.notification.email;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * The {@code deadLetters} binding: every record on a dead-letter topic ({@code <topic>.<group>.dlt}, by pattern, so topics that
 * appear later are picked up) becomes operator mail. Only the headers are read; the payload is whatever could not be
 * processed, so nothing here can fail on it.
 */
final class DeadLetters implements Consumer<Message<byte[]>> {

    private final OperatorMail operatorMail;

    DeadLetters(OperatorMail operatorMail) {
        this.operatorMail = operatorMail;
    }

    @Override
    public void accept(Message<byte[]> message) {
        MessageHeaders headers = message.getHeaders();
        String topic = String.valueOf(headers.get(KafkaHeaders.RECEIVED_TOPIC));
        Integer partition = headers.get(KafkaHeaders.RECEIVED_PARTITION, Integer.class);
        Long offset = headers.get(KafkaHeaders.OFFSET, Long.class);
        Long timestamp = headers.get(KafkaHeaders.RECEIVED_TIMESTAMP, Long.class);
        String cause = text(headers, "x-exception-message", KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        operatorMail.deadLetter(new DeadLetter(
                topic,
                text(headers, "x-original-topic", KafkaHeaders.DLT_ORIGINAL_TOPIC),
                partition == null ? -1 : partition,
                offset == null ? -1 : offset,
                cause == null ? "(the record carries no exception header)" : cause,
                timestamp == null ? Instant.now() : Instant.ofEpochMilli(timestamp)));
    }

    /** Spring Cloud Stream's binder DLQ and Spring Kafka's recoverer name the same facts differently. */
    private static String text(MessageHeaders headers, String... names) {
        for (String name : names) {
            Object value = headers.get(name);
            if (value instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            if (value != null) {
                return value.toString();
            }
        }
        return null;
    }
}
