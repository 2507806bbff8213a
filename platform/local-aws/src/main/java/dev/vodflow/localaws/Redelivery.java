package dev.vodflow.localaws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to a target the way AWS delivers to one: S3 event notifications and EventBridge rules retry a delivery
 * their target (here an SQS queue) did not take, with a growing back-off, for up to 24 hours, rather than drop it.
 * A delivery not taken is kept and offered again; while one waits, later ones queue up behind it, so deliveries
 * reach the target in the order they were handed in (one job's state changes stay in order).
 *
 * <p>One instance per stand-in; {@link #close()} gives up what still waits, loudly.
 */
public final class Redelivery implements AutoCloseable {

    /** One attempt at a delivery; throws when the target does not take it. */
    @FunctionalInterface
    public interface Attempt {
        void deliver();
    }

    private record Waiting(String what, Attempt attempt, Instant firstFailure) {}

    /** What AWS does: first retry after about a second, at most every 30 s, given up after a day. */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    public static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(Redelivery.class);

    private final String target;
    private final Duration firstRetry;
    private final Duration longestRetry;
    private final Duration giveUpAfter;
    private final Clock clock;
    private final ScheduledExecutorService retries;
    private final Deque<Waiting> waiting = new ArrayDeque<>(); // guarded by this
    private Duration delay; // guarded by this

    /** Retries as AWS does ({@link #FIRST_RETRY}, {@link #LONGEST_RETRY}, {@link #GIVE_UP_AFTER}). */
    public Redelivery(String target) {
        this(target, FIRST_RETRY, LONGEST_RETRY, GIVE_UP_AFTER, Clock.systemUTC());
    }

    Redelivery(String target, Duration firstRetry, Duration longestRetry, Duration giveUpAfter, Clock clock) {
        this.target = target;
        this.firstRetry = firstRetry;
        this.longestRetry = longestRetry;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        this.delay = firstRetry;
        this.retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redelivery-" + target);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Delivers now when nothing waits and the target takes it; otherwise keeps it, in order, for the retries.
     *
     * @param what names the delivery in the log (for example "S3 event for notification input")
     */
    public void deliver(String what, Attempt attempt) {
        synchronized (this) {
            if (!waiting.isEmpty()) {
                waiting.addLast(new Waiting(what, attempt, clock.instant()));
                return;
            }
        }
        RuntimeException refused = tryOnce(attempt);
        if (refused == null) {
            return;
        }
        synchronized (this) {
            if (retries.isShutdown()) {
                log.error("{} not taken by {} ({}) while stopping: lost", what, target, refused.toString());
                return;
            }
            waiting.addLast(new Waiting(what, attempt, clock.instant()));
            if (waiting.size() == 1) {
                delay = firstRetry;
                log.warn(
                        "{} not taken by {} ({}); offering it again from {} ms on",
                        what,
                        target,
                        refused.toString(),
                        delay.toMillis());
                retries.schedule(this::retryWaiting, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** How many deliveries wait for the target. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void retryWaiting() {
        while (true) {
            Waiting head;
            synchronized (this) {
                head = waiting.peekFirst();
                if (head == null) {
                    return;
                }
            }
            RuntimeException refused = tryOnce(head.attempt());
            Duration waited = Duration.between(head.firstFailure(), clock.instant());
            synchronized (this) {
                if (refused == null) {
                    waiting.removeFirst();
                    log.info("{} taken by {} after {} s", head.what(), target, waited.toSeconds());
                    delay = firstRetry;
                } else if (waited.compareTo(giveUpAfter) > 0) {
                    waiting.removeFirst();
                    log.error(
                            "{} given up after {} s: {} still refuses it ({})",
                            head.what(),
                            waited.toSeconds(),
                            target,
                            refused.toString());
                } else {
                    Duration doubled = delay.multipliedBy(2);
                    delay = doubled.compareTo(longestRetry) > 0 ? longestRetry : doubled;
                    if (!retries.isShutdown()) {
                        retries.schedule(this::retryWaiting, delay.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    return;
                }
            }
        }
    }

    private static RuntimeException tryOnce(Attempt attempt) {
        try {
            attempt.deliver();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Stops retrying; what still waits is logged as lost. */
    @Override
    public void close() {
        retries.shutdownNow();
        synchronized (this) {
            if (!waiting.isEmpty()) {
                log.error(
                        "{} stopped with {} delivery(ies) never taken, lost: {}",
                        target,
                        waiting.size(),
                        waiting.stream().map(Waiting::what).toList());
                waiting.clear();
            }
        }
    }
}
