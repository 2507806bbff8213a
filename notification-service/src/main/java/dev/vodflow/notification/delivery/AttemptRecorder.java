package dev.vodflow.notification.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the workers' attempts to the database in batches, on a thread of its own: a worker hands its outcome over
 * and takes the next delivery at once, instead of waiting for a round trip per attempt. After the first outcome of a
 * batch the writer waits {@link #LINGER_MILLIS} for more to join it, so a burst of deliveries is written in a few
 * large statements, not one small statement (and commit) per handful. Until its outcome is written a delivery keeps
 * its lease, so no claim takes it again; if the write fails (or the process dies first) the lease runs out and the
 * delivery is sent again with the same {@code webhook-id}: at least once, as before. Started and stopped by the
 * {@link DeliveryDispatcher}, which stops it after its workers, so what they finished is written.
 */
@Component
class AttemptRecorder {

    private static final Logger log = LoggerFactory.getLogger(AttemptRecorder.class);
    private static final int BATCH = 500;

    /**
     * How long the first outcome of a batch waits for others. Writing at once, the writer took whatever had finished
     * during its last round trip: in a burst of 15,000 deliveries, 1,342 statements of 11 outcomes (and as many
     * commits). With this wait, 97 statements of 155 (issue 21, pg_stat_statements). An outcome reaches the delivery
     * log this much later; the delivery itself is not held back, and its lease (minutes) covers the wait.
     */
    private static final long LINGER_MILLIS = 20;

    private final Deliveries deliveries;
    private final BlockingQueue<Deliveries.Outcome> queue = new LinkedBlockingQueue<>();
    private volatile Thread writer;
    private volatile boolean stopping;

    AttemptRecorder(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    /** Queues an outcome for the next batch. */
    void record(Deliveries.Outcome outcome) {
        queue.add(outcome);
    }

    synchronized void start() {
        if (writer != null) {
            return;
        }
        stopping = false;
        writer = new Thread(this::run, "webhook-attempt-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes what is queued, then stops. */
    synchronized void stop() {
        Thread current = writer;
        if (current == null) {
            return;
        }
        stopping = true;
        try {
            current.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer = null;
    }

    private void run() {
        List<Deliveries.Outcome> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                Deliveries.Outcome first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                boolean interrupted = false;
                if (queue.size() < BATCH - 1) {
                    try {
                        Thread.sleep(LINGER_MILLIS);
                    } catch (InterruptedException e) {
                        interrupted = true; // what was taken is still written
                    }
                }
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
                if (interrupted) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(List<Deliveries.Outcome> batch) {
        try {
            deliveries.recordAttempts(batch);
        } catch (RuntimeException e) {
            // Their leases run out and they are sent again (same webhook-id): at least once.
            log.warn(
                    "Could not record {} webhook attempts; their deliveries are tried again when their leases end",
                    batch.size(),
                    e);
        }
    }
}
