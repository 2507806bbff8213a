package dev.vodflow.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** When to try again after a failed attempt, or that the schedule is used up. */
final class RetrySchedule {

    private final List<Duration> delays;
    private final double jitter;
    private final DoubleSupplier random;

    RetrySchedule(List<Duration> delays, double jitter, DoubleSupplier random) {
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
        this.random = random;
    }

    /** The wait after attempt number {@code attemptsMade} (1-based) failed; empty when no retry is left. */
    Optional<Duration> delayAfter(int attemptsMade) {
        if (attemptsMade < 1 || attemptsMade > delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(attemptsMade - 1);
        long extra = (long) (base.toMillis() * jitter * random.getAsDouble());
        return Optional.of(base.plusMillis(extra));
    }
}
