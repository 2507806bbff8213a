package dev.vodflow.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.notification.egress.EgressProperties;
import dev.vodflow.observability.TraceCarrier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * When the dispatcher claims again, with the database and the endpoints replaced by a backlog in memory and attempts
 * that end when the test says: each claim's size shows whether it was made to refill an empty queue behind the workers
 * or to top up a queue that a claim under way had already refilled.
 */
class DeliveryDispatcherTests {

    /** Two workers: four claimed at most (two being sent, two queued), the next claim once two are left. */
    private static final int WORKERS = 2;

    private final Backlog backlog = new Backlog(100);
    private final HeldSender sender = new HeldSender(backlog);
    private DeliveryDispatcher dispatcher;

    @AfterEach
    void stop() {
        sender.releaseAll();
        backlog.openClaims();
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    @Test
    void aWorkerFinishingDuringAClaimDoesNotMakeTheNextClaimTopUpTheQueueItRefilled() throws Exception {
        holdTheClaimThatRefills();
        oneMoreFinishes(); // its wake waits for the dispatcher's thread

        // the claim brings two more: two queued behind the workers again, so the waiting wake claims nothing
        backlog.openClaims();
        await().untilAsserted(() -> assertThat(sender.started()).hasSize(5));
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(backlog.claimSizes()).containsExactly(4, 2));

        // once the queue behind them empties again, the workers' wake claims the next batch at once
        sender.release(sender.started().get(3));
        await().untilAsserted(() -> assertThat(backlog.claimSizes()).containsExactly(4, 2, 2));
    }

    @Test
    void deliveriesQueuedDuringAClaimAreClaimedEvenWhenTheWorkersAreBusy() throws Exception {
        holdTheClaimThatRefills();
        dispatcher.queued(new DeliveryQueued()); // a commit queued new deliveries
        oneMoreFinishes();

        // the claim under way may not have seen them: the next one is made, for the one place that is free
        backlog.openClaims();
        await().untilAsserted(() -> assertThat(backlog.claimSizes()).containsExactly(4, 2, 1));
    }

    /**
     * Starts the dispatcher, lets its first claim (four: two being sent, two queued behind them) run, and lets two
     * attempts finish: the workers take the two queued, nothing is left behind them, and the claim that wakes (for
     * two) is held until {@link Backlog#openClaims()}.
     */
    private void holdTheClaimThatRefills() throws InterruptedException {
        start();
        await().untilAsserted(() -> assertThat(backlog.claimSizes()).containsExactly(4));
        await().untilAsserted(() -> assertThat(sender.started()).hasSize(2));
        backlog.holdClaims();
        sender.release(sender.started().get(0));
        sender.release(sender.started().get(1));
        await().untilAsserted(() -> assertThat(backlog.claimSizes()).containsExactly(4, 2));
        backlog.awaitClaimHeld();
    }

    /** One more attempt finishes while the held claim runs, leaving one worker busy and one idle. */
    private void oneMoreFinishes() {
        await().untilAsserted(() -> assertThat(sender.started()).hasSize(4));
        sender.release(sender.started().get(2));
        await().untilAsserted(() -> assertThat(sender.finished()).isEqualTo(3));
    }

    private void start() {
        DeliveryProperties properties =
                new DeliveryProperties(WORKERS, WORKERS, Duration.ofHours(1), null, null, 0.0, null, null);
        EgressProperties egress = new EgressProperties(null, null, null, null);
        dispatcher = new DeliveryDispatcher(backlog, sender, new AttemptRecorder(backlog), properties, egress);
        dispatcher.start();
    }

    /** Due deliveries of one endpoint each, claimed in order; a claim can be held until the test lets it return. */
    static final class Backlog extends Deliveries {

        private final List<ClaimedDelivery> due = new ArrayList<>();
        private final List<Integer> claimSizes = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch claimsOpen = new CountDownLatch(0);
        private final CountDownLatch claimHeld = new CountDownLatch(1);

        Backlog(int deliveries) {
            super(null, null, new StaticListableBeanFactory().getBeanProvider(TraceCarrier.class), event -> {});
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (int i = 0; i < deliveries; i++) {
                UUID id = UUID.randomUUID();
                due.add(new ClaimedDelivery(
                        id,
                        UUID.randomUUID(),
                        "msg_" + i,
                        "video.updated",
                        "{}",
                        0,
                        now.plusMinutes(2),
                        now,
                        null,
                        new ClaimedDelivery.Endpoint("https://example.com/hook", "whsec_test", null, null)));
            }
        }

        @Override
        List<ClaimedDelivery> claimDue(
                int limit, int perEndpoint, Map<UUID, Integer> inFlight, Instant now, Instant leaseUntil) {
            claimSizes.add(limit);
            CountDownLatch open = claimsOpen;
            if (open.getCount() > 0) {
                claimHeld.countDown();
                try {
                    open.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (due) {
                List<ClaimedDelivery> taken = new ArrayList<>(due.subList(0, Math.min(limit, due.size())));
                due.subList(0, taken.size()).clear();
                return taken;
            }
        }

        @Override
        void recordAttempts(List<Outcome> outcomes) {}

        List<Integer> claimSizes() {
            return List.copyOf(claimSizes);
        }

        void holdClaims() {
            claimsOpen = new CountDownLatch(1);
        }

        void awaitClaimHeld() throws InterruptedException {
            assertThat(claimHeld.await(30, TimeUnit.SECONDS))
                    .as("a claim reached the hold")
                    .isTrue();
        }

        void openClaims() {
            claimsOpen.countDown();
        }
    }

    /** Attempts that end when the test releases them, in the order they started. */
    static final class HeldSender extends DeliverySender {

        private final List<UUID> started = new CopyOnWriteArrayList<>();
        private final Map<UUID, CountDownLatch> releases = new ConcurrentHashMap<>();
        private volatile int finished;
        private volatile boolean allOpen;

        HeldSender(Deliveries deliveries) {
            super(
                    deliveries,
                    null,
                    null,
                    null,
                    new DeliveryProperties(WORKERS, WORKERS, null, null, null, null, null, null),
                    new SimpleMeterRegistry(),
                    new StaticListableBeanFactory().getBeanProvider(io.micrometer.tracing.Tracer.class),
                    new StaticListableBeanFactory()
                            .getBeanProvider(io.micrometer.tracing.propagation.Propagator.class));
        }

        @Override
        void send(ClaimedDelivery delivery) {
            CountDownLatch release = releases.computeIfAbsent(delivery.id(), id -> new CountDownLatch(1));
            started.add(delivery.id());
            try {
                if (!allOpen) {
                    release.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                finished++;
            }
        }

        List<UUID> started() {
            return List.copyOf(started);
        }

        synchronized int finished() {
            return finished;
        }

        void release(UUID delivery) {
            releases.computeIfAbsent(delivery, id -> new CountDownLatch(1)).countDown();
        }

        /** Every attempt under way ends, and every later one ends at once. */
        void releaseAll() {
            allOpen = true;
            started.forEach(this::release);
        }
    }
}
