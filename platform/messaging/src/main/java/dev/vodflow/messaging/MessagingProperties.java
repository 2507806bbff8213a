package dev.vodflow.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service publishes and consumes.
 *
 * @param publishTimeout how long a publisher waits for the broker's acknowledgement
 * @param attempts deliveries of a record failing for a reason other than an outage before it is dead-lettered
 * @param retryInterval pause between those deliveries
 * @param outageInitialInterval first pause while something the consumer depends on is down; it doubles up to
 *     {@code outageMaxInterval} and the record is retried until the outage ends, never dead-lettered
 * @param outageMaxInterval the longest pause during an outage
 * @param replicationFactor replicas of the topics this service declares; 0 for the broker's default
 */
@ConfigurationProperties("vodflow.messaging")
public record MessagingProperties(
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("3") int attempts,
        @DefaultValue("500ms") Duration retryInterval,
        @DefaultValue("1s") Duration outageInitialInterval,
        @DefaultValue("30s") Duration outageMaxInterval,
        @DefaultValue("0") short replicationFactor) {

    public MessagingProperties {
        positive(publishTimeout, "publish-timeout");
        positive(retryInterval, "retry-interval");
        positive(outageInitialInterval, "outage-initial-interval");
        positive(outageMaxInterval, "outage-max-interval");
        if (attempts < 1) {
            throw new IllegalArgumentException("vodflow.messaging.attempts must be at least 1, was " + attempts);
        }
        if (outageMaxInterval.compareTo(outageInitialInterval) < 0) {
            throw new IllegalArgumentException(
                    "vodflow.messaging.outage-max-interval must not be below outage-initial-interval");
        }
        if (replicationFactor < 0) {
            throw new IllegalArgumentException(
                    "vodflow.messaging.replication-factor must be 0 (broker default) or more, was "
                            + replicationFactor);
        }
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "vodflow.messaging." + name + " must be a positive duration, was " + value);
        }
    }
}
