package dev.vodflow.notification.email;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential back-off with added jitter: initial, twice that, four times, ... capped at the maximum. */
final class BackOff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;

    BackOff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    Duration after(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30); // 2^30 times anything passes the cap
        long base = Math.min(initial.toMillis() << doublings, max.toMillis());
        if (initial.toMillis() << doublings < 0) {
            base = max.toMillis();
        }
        return Duration.ofMillis(base + (long) (base * jitter * random.getAsDouble()));
    }
}
