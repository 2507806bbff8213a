package dev.vodflow.messaging;

/**
 * Recognises a failure that is not the record's fault (something the consumer depends on is unavailable): such a
 * record is retried until it succeeds and never dead-lettered. Services contribute beans of this type for their own
 * dependencies (for example an open circuit breaker in front of MediaConvert); {@link Outages} covers the database
 * and the broker.
 */
@FunctionalInterface
public interface TransientFailure {

    /** Whether {@code failure} (or, at the time of asking, the world) says this is an outage. */
    boolean matches(Throwable failure);
}
