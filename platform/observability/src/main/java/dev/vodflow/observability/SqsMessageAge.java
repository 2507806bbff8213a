package dev.vodflow.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@code vodflow.sqs.message.age{queue}}: how long a message waited in its queue before the service received it
 * (from its {@code SentTimestamp}, which the receive request must ask for). Its max is the queue's age as the
 * service sees it: a queue whose consumer falls behind shows it here before the queue depth alarms.
 */
public final class SqsMessageAge {

    private final MeterRegistry meters;
    private final Clock clock;

    public SqsMessageAge(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** Records the age of a received message; a message without {@code SentTimestamp} is not counted. */
    public void received(String queue, Message message) {
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        if (sent == null) {
            return;
        }
        Duration age;
        try {
            age = Duration.between(Instant.ofEpochMilli(Long.parseLong(sent)), clock.instant());
        } catch (NumberFormatException e) {
            return;
        }
        Timer.builder("vodflow.sqs.message.age")
                .description("Time a message spent in its SQS queue before it was received")
                .tag("queue", queue)
                .publishPercentileHistogram()
                .register(meters)
                .record(age.isNegative() ? Duration.ZERO : age);
    }
}
