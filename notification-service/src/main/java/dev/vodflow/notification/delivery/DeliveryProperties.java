package dev.vodflow.notification.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param workers how many deliveries are in flight at once, in all (as many again are claimed and queued behind them)
 * @param perEndpointConcurrency how many of those may go to one endpoint, so a slow endpoint holds at most this many
 *     workers and the rest keep serving the others
 * @param pollInterval how often due deliveries are claimed from the database
 * @param lease how long a claimed delivery stays reserved; if the instance dies mid-send another one takes it after
 *     this. Must exceed twice the egress connect-timeout plus request-timeout: a claimed delivery may wait for one
 *     other attempt before its own.
 * @param retrySchedule the wait before each retry; the number of retries is its length. The default spans over 27 h.
 * @param jitter a random extra wait of up to this fraction of each delay (never less than the schedule), so retries
 *     of a recovering endpoint spread out
 * @param retention how long a delivery that is done (delivered, or given up on) stays in the delivery log, with its
 *     attempts, before it is deleted; pending deliveries are never deleted
 * @param retentionSweep how often the deliveries past their retention are looked for
 */
@ConfigurationProperties("vodflow.notification.delivery")
public record DeliveryProperties(
        Integer workers,
        Integer perEndpointConcurrency,
        Duration pollInterval,
        Duration lease,
        List<Duration> retrySchedule,
        Double jitter,
        Duration retention,
        Duration retentionSweep) {

    static final List<Duration> DEFAULT_SCHEDULE = List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));

    public DeliveryProperties {
        workers = workers == null ? 16 : workers;
        perEndpointConcurrency = perEndpointConcurrency == null ? 2 : perEndpointConcurrency;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        retrySchedule = retrySchedule == null ? DEFAULT_SCHEDULE : List.copyOf(retrySchedule);
        jitter = jitter == null ? 0.1 : jitter;
        retention = retention == null ? Duration.ofDays(30) : retention;
        retentionSweep = retentionSweep == null ? Duration.ofHours(1) : retentionSweep;
        String prefix = "vodflow.notification.delivery.";
        if (workers < 1) {
            throw new IllegalArgumentException(prefix + "workers must be at least 1, was " + workers);
        }
        if (perEndpointConcurrency < 1 || perEndpointConcurrency > workers) {
            throw new IllegalArgumentException(prefix + "per-endpoint-concurrency must be between 1 and workers ("
                    + workers + "), was " + perEndpointConcurrency);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(prefix + "poll-interval must be positive, was " + pollInterval);
        }
        if (retrySchedule.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(
                    prefix + "retry-schedule must hold positive delays, was " + retrySchedule);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException(prefix + "jitter must be between 0 and 1, was " + jitter);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(prefix + "retention must be positive, was " + retention);
        }
        if (retentionSweep.isNegative() || retentionSweep.isZero()) {
            throw new IllegalArgumentException(prefix + "retention-sweep must be positive, was " + retentionSweep);
        }
    }

    int attemptsAllowed() {
        return 1 + retrySchedule.size();
    }
}
