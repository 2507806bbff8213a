package dev.vodflow.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes deliveries that have been done (delivered, or given up on) for longer than
 * {@code vodflow.notification.delivery.retention}, with their attempts (the foreign key cascades): without it the
 * delivery log grows by a row per event and subscription for ever. Pending deliveries are never touched, however old.
 * It runs every {@code retention-sweep}, in chunks of its own short transaction each, the oldest first, so it holds no
 * long lock and never competes with the dispatcher's claim for a row (those are pending). Several instances may sweep
 * at once: a row another one is deleting is skipped.
 */
@Component
class DeliveryRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetention.class);

    static final int CHUNK = 1_000;

    private final JdbcClient jdbc;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final Counter deleted;
    private volatile ScheduledExecutorService sweeper;

    DeliveryRetention(JdbcClient jdbc, DeliveryProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        this.deleted = Counter.builder("vodflow.webhook.deliveries.deleted")
                .description("Deliveries deleted with their attempts once past the retention")
                .register(meters);
    }

    /**
     * Deletes what is past the retention now, {@code chunk} rows per statement.
     *
     * @return how many deliveries were deleted
     */
    int sweep(int chunk) {
        Instant cutoff = clock.instant().minus(properties.retention());
        int total = 0;
        int removed;
        do {
            removed = jdbc.sql("""
                            DELETE FROM delivery WHERE id IN (
                                SELECT id FROM delivery
                                WHERE status <> 'PENDING' AND completed_at < :cutoff
                                ORDER BY completed_at
                                LIMIT :chunk
                                FOR UPDATE SKIP LOCKED)
                            """)
                    .param("cutoff", Timestamp.from(cutoff))
                    .param("chunk", chunk)
                    .update();
            total += removed;
            deleted.increment(removed);
        } while (removed == chunk && !Thread.currentThread().isInterrupted());
        if (total > 0) {
            log.info(
                    "deleted {} webhook deliveries done before {} (retention {})",
                    total,
                    cutoff,
                    properties.retention());
        }
        return total;
    }

    private void sweepQuietly() {
        try {
            sweep(CHUNK);
        } catch (RuntimeException e) {
            // the next sweep tries again; nothing is lost by waiting
            log.warn(
                    "webhook delivery retention sweep failed, next in {}: {}",
                    properties.retentionSweep(),
                    e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (sweeper != null) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-retention");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.retentionSweep().toMillis();
        // the first sweep a minute after start (or sooner, for a short sweep interval): not on the start's hot path
        long first = Math.min(interval, Duration.ofMinutes(1).toMillis());
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, first, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService stopping = sweeper;
        sweeper = null;
        if (stopping != null) {
            stopping.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
