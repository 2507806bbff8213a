package dev.vodflow.observability;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's own dependencies that the shared metrics and probes watch.
 *
 * @param sqsQueues the SQS queues the service reads, by a short name used as the {@code queue} tag and health entry
 *     (e.g. {@code s3-events: ${vodflow.aws.sqs.s3-events-queue-url}}); empty: none
 * @param kafkaGroups the consumer groups whose lag is reported; empty: the service's name, when it consumes Kafka
 * @param refresh how often queue depth and consumer lag are read from SQS and the broker
 * @param timeout how long a probe of SQS or the broker may take before it counts as down
 */
@ConfigurationProperties("vodflow.observability")
public record ObservabilityProperties(
        Map<String, URI> sqsQueues, List<String> kafkaGroups, Duration refresh, Duration timeout) {

    public ObservabilityProperties {
        sqsQueues = sqsQueues == null ? Map.of() : Map.copyOf(sqsQueues);
        kafkaGroups = kafkaGroups == null ? List.of() : List.copyOf(kafkaGroups);
        refresh = refresh == null ? Duration.ofSeconds(15) : refresh;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("vodflow.observability.refresh must be positive, is " + refresh);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("vodflow.observability.timeout must be positive, is " + timeout);
        }
    }
}
