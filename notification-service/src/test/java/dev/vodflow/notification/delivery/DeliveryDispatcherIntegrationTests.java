package dev.vodflow.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import dev.vodflow.notification.Receiver;
import dev.vodflow.notification.webhook.Webhooks;
import dev.vodflow.testsupport.LocalInfrastructure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dispatcher against a real PostgreSQL and a receiver on loopback, with a poll interval far longer than the test:
 * whatever is delivered after the first claim was claimed because a worker finished, not because the poll came round.
 */
@SpringBootTest(
        properties = {
            "vodflow.notification.egress.allow-http-hosts=localhost",
            "vodflow.notification.delivery.poll-interval=1h",
            "vodflow.notification.delivery.workers=2",
            "vodflow.notification.delivery.per-endpoint-concurrency=2",
            "vodflow.notification.delivery.jitter=0"
        })
class DeliveryDispatcherIntegrationTests {

    static Receiver receiver;

    @Autowired
    DeliveryDispatcher dispatcher;

    @Autowired
    Deliveries deliveries;

    @Autowired
    Webhooks webhooks;

    @Autowired
    TransactionTemplate transactions;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        LocalInfrastructure.get().registerProperties(registry, "notify_dispatch_it");
    }

    @BeforeAll
    static void start() throws IOException {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aBacklogLargerThanThePoolIsDeliveredWithoutWaitingForTheNextPoll() {
        // two workers: the first claim takes two deliveries and leaves the rest due
        Receiver.Endpoint first = receiver.endpoint("backlog-1");
        Receiver.Endpoint second = receiver.endpoint("backlog-2");
        first.hold();
        second.hold();
        String owner = "owner-" + UUID.randomUUID();
        UUID one = subscribe(owner, first);
        UUID two = subscribe(owner, second);
        int events = 10;
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < events; i++) {
                VideoUpdated event = event(owner, i);
                deliveries.enqueue(List.of(one, two), Topics.VIDEO_UPDATED, event);
            }
        });
        // the commit's wake claimed two; held at the receiver they fill the pool, so no other claim can take more
        await().untilAsserted(() ->
                assertThat(first.requests().size() + second.requests().size()).isEqualTo(2));

        first.open();
        second.open();

        // the next poll is an hour away: only workers finishing can have claimed the rest
        await().untilAsserted(() -> {
            assertThat(first.requests()).hasSize(events);
            assertThat(second.requests()).hasSize(events);
        });
        assertThat(first.requests()).extracting(Receiver.Request::id).doesNotHaveDuplicates();
    }

    @Test
    void aQueuedDeliveryGoesOutWithoutWaitingForTheNextPoll() {
        Receiver.Endpoint endpoint = receiver.endpoint("queued");
        String owner = "owner-" + UUID.randomUUID();
        UUID webhook = subscribe(owner, endpoint);

        transactions.executeWithoutResult(
                status -> deliveries.enqueue(List.of(webhook), Topics.VIDEO_UPDATED, event(owner, 0)));

        await().untilAsserted(() -> assertThat(endpoint.requests()).hasSize(1));
    }

    @Test
    void everyAttemptIsLoggedWithTheStateItLeavesItsDeliveryIn() {
        // attempts are written in batches by the recorder: each still ends up in the log, with its delivery's state
        Receiver.Endpoint ok = receiver.endpoint("logged-ok");
        Receiver.Endpoint failing = receiver.endpoint("logged-failing", 500);
        String owner = "owner-" + UUID.randomUUID();
        UUID good = subscribe(owner, ok);
        UUID bad = subscribe(owner, failing);
        int events = 6;
        Instant before = Instant.now();
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < events; i++) {
                deliveries.enqueue(List.of(good, bad), Topics.VIDEO_UPDATED, event(owner, i));
            }
        });

        await().untilAsserted(() -> {
            List<Deliveries.DeliveryLogEntry> delivered = deliveries.log(good, 100);
            assertThat(delivered).hasSize(events);
            assertThat(delivered).allSatisfy(entry -> {
                assertThat(entry.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                assertThat(entry.attemptCount()).isEqualTo(1);
                assertThat(entry.completedAt()).isNotNull();
                assertThat(entry.attempts()).singleElement().satisfies(attempt -> {
                    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
                    assertThat(attempt.statusCode()).isEqualTo(200);
                    assertThat(attempt.error()).isNull();
                });
            });
            List<Deliveries.DeliveryLogEntry> retried = deliveries.log(bad, 100);
            assertThat(retried).hasSize(events);
            assertThat(retried).allSatisfy(entry -> {
                // retried on the schedule (its first wait is 5 s; a retry may have come due meanwhile)
                assertThat(entry.status()).isEqualTo(DeliveryStatus.PENDING);
                assertThat(entry.attemptCount()).isPositive();
                assertThat(entry.attempts()).hasSize(entry.attemptCount());
                assertThat(entry.completedAt()).isNull();
                assertThat(entry.nextAttemptAt()).isAfterOrEqualTo(before.plusSeconds(5));
                assertThat(entry.attempts().get(0)).satisfies(attempt -> {
                    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.FAILED);
                    assertThat(attempt.statusCode()).isEqualTo(500);
                    assertThat(attempt.responseBody()).isEqualTo("{\"received\":true}");
                });
            });
        });
        assertThat(ok.requests()).hasSize(events);
        assertThat(failing.requests()).hasSizeGreaterThanOrEqualTo(events);
    }

    @Test
    void aClaimTakesEachEndpointsOldestUpToItsLimitHoweverFarBehindTheOthersAre() {
        String owner = "owner-" + UUID.randomUUID();
        UUID behind = subscribe(owner, receiver.endpoint("far-behind"));
        UUID current = subscribe(owner, receiver.endpoint("current"));
        dispatcher.stop(); // this test claims by hand
        try {
            // a backlog of one endpoint larger than any claim, older than the other endpoint's one delivery
            transactions.executeWithoutResult(status -> {
                deliveries.enqueueAll(IntStream.range(0, 500)
                        .mapToObj(i ->
                                new Deliveries.Fanout(event(owner, i), Topics.VIDEO_UPDATED, List.of(behind), null))
                        .toList());
                deliveries.enqueue(List.of(current), Topics.VIDEO_UPDATED, event(owner, 500));
            });
            Instant now = Instant.now();
            Instant lease = now.plus(Duration.ofMinutes(2));

            List<UUID> claimed = mine(deliveries.claimDue(100, 2, Map.of(), now, lease), behind, current);
            // the endpoint far behind gets its limit, and the other one its delivery in the same claim
            assertThat(claimed).containsExactlyInAnyOrder(behind, behind, current);

            // with one in flight the endpoint gets one more; at its limit, none
            assertThat(mine(deliveries.claimDue(100, 2, Map.of(behind, 1), now, lease), behind, current))
                    .containsExactly(behind);
            assertThat(mine(deliveries.claimDue(100, 2, Map.of(behind, 2), now, lease), behind, current))
                    .isEmpty();
        } finally {
            webhooks.delete(owner, behind); // its backlog with it
            dispatcher.start();
        }
    }

    private static List<UUID> mine(List<ClaimedDelivery> claimed, UUID... webhooks) {
        return claimed.stream()
                .map(ClaimedDelivery::webhookId)
                .filter(List.of(webhooks)::contains)
                .toList();
    }

    private UUID subscribe(String owner, Receiver.Endpoint endpoint) {
        return webhooks.register(owner, endpoint.url(), List.of(Topics.VIDEO_UPDATED), "dispatcher test")
                .id();
    }

    private static VideoUpdated event(String owner, int number) {
        return new VideoUpdated(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                owner,
                Instant.now(),
                "video " + number,
                null,
                Visibility.PRIVATE);
    }
}
