package dev.vodflow.catalog.video;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Reads by key that requests running at the same time share: each caller queues its key, and whichever caller finds a
 * batch slot free reads every key queued so far with one call of {@code load} and hands each waiting caller its value.
 * A caller alone reads at once, as it would have without this; under load one statement and one round trip serve many
 * requests. What it saves is per statement, not per row: the database's work to receive, plan and answer a statement,
 * and on each side the wake-up of a process that was waiting for the other, which on a busy machine cost as much as
 * the lookup itself.
 *
 * <p>At most {@code batches} loads run at once; while they do, later callers queue behind them and are read together
 * by the next. A caller whose batch failed gets the failure (every caller of that batch does, as each would have
 * without coalescing). A caller that finds its key beyond the batch being read waits for the next, or reads it
 * itself: no caller waits for a load that will not include it.
 *
 * @param <K> the key
 * @param <V> the value; {@code load} leaves out keys it has no value for, and those callers get {@code null}
 */
final class CoalescedReads<K, V> {

    private final Function<List<K>, Map<K, V>> load;
    private final int maxBatch;
    private final Semaphore slots;
    private final IntConsumer batchSizes;
    private final ConcurrentLinkedQueue<Waiter<K, V>> queue = new ConcurrentLinkedQueue<>();

    /**
     * @param load reads the values of the given distinct keys, in one go
     * @param maxBatch the most keys one load gets
     * @param batches how many loads may run at once (each holds a connection while it runs)
     * @param batchSizes told, before each load, how many callers it serves (a key asked for twice counts twice)
     */
    CoalescedReads(Function<List<K>, Map<K, V>> load, int maxBatch, int batches, IntConsumer batchSizes) {
        if (maxBatch < 1 || batches < 1) {
            throw new IllegalArgumentException("maxBatch and batches must be at least 1");
        }
        this.load = load;
        this.maxBatch = maxBatch;
        this.slots = new Semaphore(batches);
        this.batchSizes = batchSizes;
    }

    /** The value of {@code key}, or {@code null}; a failure of the load it was read in is thrown here. */
    V get(K key) {
        Waiter<K, V> self = new Waiter<>(Objects.requireNonNull(key, "key"), Thread.currentThread());
        queue.add(self);
        boolean interrupted = false;
        while (!self.done) {
            boolean waitForReader = true;
            if (slots.tryAcquire()) {
                try {
                    waitForReader = !readQueued();
                } finally {
                    slots.release();
                    wakeNext();
                }
            }
            // Either every slot is taken, or this caller's key is in a load another caller runs: that caller, or the
            // next to free a slot, wakes this one.
            if (waitForReader && !self.done) {
                LockSupport.park(this);
                // a request thread interrupted while it waits still gets its answer; the flag is kept for its caller
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (self.failure != null) {
            throw self.failure;
        }
        return self.value;
    }

    /**
     * Takes what is queued (up to a batch), reads it, and wakes each waiter with its value or the failure; false if
     * nothing was queued.
     */
    private boolean readQueued() {
        List<Waiter<K, V>> batch = new ArrayList<>();
        Set<K> keys = new LinkedHashSet<>();
        Waiter<K, V> next;
        while (keys.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
            keys.add(next.key);
        }
        if (batch.isEmpty()) {
            return false;
        }
        try {
            batchSizes.accept(batch.size());
            Map<K, V> values = load.apply(List.copyOf(keys));
            batch.forEach(waiter -> waiter.complete(values.get(waiter.key)));
        } catch (RuntimeException | Error e) {
            // no waiter of the batch is left waiting, whatever failed
            RuntimeException failure = e instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("Reading " + keys.size() + " keys failed", e);
            batch.stream().filter(waiter -> !waiter.done).forEach(waiter -> waiter.fail(failure));
            if (e instanceof Error error) {
                throw error;
            }
        }
        return true;
    }

    /**
     * After a load, the oldest waiter still queued is woken to read what queued meanwhile (it may find a slot taken by
     * another caller; that one wakes the next in turn when it is done).
     */
    private void wakeNext() {
        Waiter<K, V> head = queue.peek();
        if (head != null) {
            LockSupport.unpark(head.thread);
        }
    }

    private static final class Waiter<K, V> {

        final K key;
        final Thread thread;
        V value;
        RuntimeException failure;
        volatile boolean done;

        Waiter(K key, Thread thread) {
            this.key = key;
            this.thread = thread;
        }

        void complete(V found) {
            value = found;
            finish();
        }

        void fail(RuntimeException e) {
            failure = e;
            finish();
        }

        private void finish() {
            done = true; // after value or failure: the waiter reads them once it sees this
            if (thread != Thread.currentThread()) {
                LockSupport.unpark(thread);
            }
        }
    }
}
