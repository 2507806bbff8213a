package dev.vodflow.notification.delivery;

import dev.vodflow.notification.egress.EgressProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Claims due deliveries from the database and hands them to a bounded pool of workers. Nothing about the schedule is
 * kept in memory: stopping this component (or the process) loses nothing, and starting it picks up where the database
 * says. It holds at most {@value #CLAIMED_PER_WORKER} times as many claimed rows as it has workers (one batch being
 * sent, one queued behind it, so a claim's round trip is paid per batch rather than per delivery), and never more than
 * {@code per-endpoint-concurrency} for one endpoint, so a slow endpoint ties up a few workers at most while the others
 * keep delivering. While a backlog lasts (a claim took all it could, or left out an endpoint at its limit) the
 * workers wake the dispatcher to claim again as soon as the queue behind them is empty: waiting for the next poll
 * would cap deliveries at one batch per {@code poll-interval} whatever the receivers could take. A delivery queued by
 * a committed transaction wakes it too, so the poll only matters for retries coming due and for deliveries another
 * instance queued.
 */
@Component
class DeliveryDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    /**
     * Claimed rows held per worker at most. A claimed delivery may wait for this many less one attempts of others
     * (each bounded by the connect and request timeouts) before its own, so its lease must outlast this many attempts.
     */
    static final int CLAIMED_PER_WORKER = 2;

    private final Deliveries deliveries;
    private final DeliverySender sender;
    private final AttemptRecorder recorder;
    private final DeliveryProperties properties;
    private final Duration drainTimeout;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicBoolean rowsQueued = new AtomicBoolean();
    private volatile boolean backlog;
    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService workers;

    DeliveryDispatcher(
            Deliveries deliveries,
            DeliverySender sender,
            AttemptRecorder recorder,
            DeliveryProperties properties,
            EgressProperties egress) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.recorder = recorder;
        this.properties = properties;
        this.drainTimeout = egress.connectTimeout().plus(egress.requestTimeout());
        Duration longestWait = drainTimeout.multipliedBy(CLAIMED_PER_WORKER); // the queue's wait and its own attempt
        if (properties.lease().compareTo(longestWait) <= 0) {
            throw new IllegalArgumentException("vodflow.notification.delivery.lease (" + properties.lease()
                    + ") must exceed " + CLAIMED_PER_WORKER + " times the egress connect-timeout plus request-timeout ("
                    + longestWait + "): a claimed delivery may wait for " + (CLAIMED_PER_WORKER - 1)
                    + " other attempt(s) before its own, and its lease must not run out meanwhile");
        }
    }

    void dispatchDue() {
        ExecutorService pool = workers;
        int free = CLAIMED_PER_WORKER * properties.workers() - inFlight.get();
        if (pool == null || free <= 0) {
            return;
        }
        // Only workers change these meanwhile, and only downwards: a claim within them never exceeds the limit.
        Map<UUID, Integer> taken = new HashMap<>();
        perEndpoint.forEach((webhook, count) -> taken.put(webhook, count.get()));
        Instant now = Instant.now();
        List<ClaimedDelivery> claimed = deliveries.claimDue(
                free, properties.perEndpointConcurrency(), taken, now, now.plus(properties.lease()));
        // More may be due: rows beyond this claim's limit, or of endpoints it left out or filled up.
        claimed.forEach(delivery -> taken.merge(delivery.webhookId(), 1, Integer::sum));
        backlog = claimed.size() == free
                || taken.values().stream().anyMatch(count -> count >= properties.perEndpointConcurrency());
        for (ClaimedDelivery delivery : claimed) {
            AtomicInteger endpoint = perEndpoint.computeIfAbsent(delivery.webhookId(), id -> new AtomicInteger());
            endpoint.incrementAndGet();
            inFlight.incrementAndGet();
            pool.execute(() -> {
                try {
                    sender.send(delivery);
                } catch (RuntimeException e) {
                    // Nothing recorded: the lease runs out and the delivery is tried again.
                    log.warn("Delivery {} attempt failed unexpectedly", delivery.id(), e);
                } finally {
                    endpoint.decrementAndGet();
                    if (inFlight.decrementAndGet() <= refillAt() && backlog) {
                        wake(); // nothing queued behind the workers any more: claim the next batch now
                    }
                }
            });
        }
    }

    /** How few claimed rows are left (all of them being sent, none queued) when the next batch is claimed. */
    private int refillAt() {
        return (CLAIMED_PER_WORKER - 1) * properties.workers();
    }

    @TransactionalEventListener
    void queued(DeliveryQueued queued) {
        rowsQueued.set(true);
        wake();
    }

    /**
     * Claims again on the dispatcher's thread as soon as it is free; wakes asked for meanwhile make one claim. Workers
     * finishing while a claim runs ask again: once that claim has refilled the queue behind them, their wake claims only
     * if new deliveries were queued meanwhile, rather than topping the queue up by the few sent during the claim. Without
     * that check a webhooks benchmark row (15,000 deliveries) took 600-670 claims, with it 500-540 (issue 21).
     */
    private void wake() {
        ScheduledExecutorService current = poller;
        if (current == null || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            current.execute(() -> {
                wakeQueued.set(false);
                if (rowsQueued.getAndSet(false) || inFlight.get() <= refillAt()) {
                    tick();
                }
            });
        } catch (RejectedExecutionException e) {
            wakeQueued.set(false); // stopping
        }
    }

    private void tick() {
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            log.warn("Claiming due deliveries failed; trying again on the next tick", e);
        }
    }

    @Override
    public synchronized void start() {
        if (poller != null) {
            return;
        }
        recorder.start();
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(
                properties.workers(),
                properties.workers(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                runnable -> new Thread(runnable, "webhook-worker-" + threads.incrementAndGet()));
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "webhook-dispatcher"));
        long interval = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::tick, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** Stops claiming and lets the attempts in flight finish (bounded by the request timeout). */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService stoppingPoller = poller;
        ExecutorService stoppingWorkers = workers;
        poller = null;
        workers = null;
        if (stoppingPoller == null) {
            return;
        }
        stoppingPoller.shutdownNow();
        stoppingWorkers.shutdown();
        try {
            stoppingPoller.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!stoppingWorkers.awaitTermination(drainTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                stoppingWorkers.shutdownNow(); // their leases run out and another instance retries them
            }
        } catch (InterruptedException e) {
            stoppingWorkers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        recorder.stop(); // after the workers: what they finished is written
        perEndpoint.clear();
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
