package dev.vodflow.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.testsupport.LocalInfrastructure;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery table over time, in a database of the test's own: deliveries past their retention go, with their
 * attempts, while pending and recent ones stay; and the claim reads the index however empty the table was when it was
 * last vacuumed. Rows are written straight into the tables.
 */
@SpringBootTest(
        properties = {
            "vodflow.notification.delivery.retention=7d",
            // the sweeps of the test are its own calls
            "vodflow.notification.delivery.retention-sweep=1h"
        })
class DeliveryTableIntegrationTests {

    @Autowired
    DeliveryRetention retention;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Deliveries deliveries;

    @Autowired
    DeliveryDispatcher dispatcher;

    @Autowired
    TransactionTemplate transactions;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        LocalInfrastructure.get().registerProperties(registry, "notify_table_it");
    }

    @Test
    void doneDeliveriesPastTheRetentionAreDeletedWithTheirAttemptsAndNothingElse() {
        UUID webhook = webhook();
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(8));
        List<UUID> delivered = List.of(
                delivery(webhook, "SUCCEEDED", old.minusSeconds(5), old),
                delivery(webhook, "SUCCEEDED", old.minusSeconds(4), old.plusSeconds(1)),
                delivery(webhook, "SUCCEEDED", old.minusSeconds(3), old.plusSeconds(2)));
        UUID givenUp = delivery(webhook, "FAILED", old.minus(Duration.ofDays(2)), old);
        UUID recent = delivery(webhook, "SUCCEEDED", now.minus(Duration.ofDays(6)), now.minus(Duration.ofDays(6)));
        // a retry due later: however old, a pending delivery is still owed to its endpoint
        UUID pending = delivery(webhook, "PENDING", now.minus(Duration.ofDays(30)), null);

        // two per statement: the sweep goes on until a statement deletes fewer than that
        assertThat(retention.sweep(2)).isEqualTo(4);

        assertThat(remaining(webhook)).containsExactlyInAnyOrder(recent, pending);
        assertThat(attemptsOf(delivered.get(0))).isZero();
        assertThat(attemptsOf(givenUp)).isZero();
        assertThat(attemptsOf(recent)).isEqualTo(1);
        assertThat(retention.sweep(DeliveryRetention.CHUNK)).isZero();
    }

    /**
     * The dispatcher claims every poll-interval, empty table or not. Once PostgreSQL had settled on a generic plan for
     * the claim made just after a VACUUM of the empty table, every later claim on that connection read the whole table
     * for every endpoint as it filled. The claim is planned for the table as it is each time it runs: the first claim
     * after the table fills reads the index.
     */
    @Test
    void theClaimReadsTheIndexAfterTheTableWasVacuumedWhileEmptyAndThenFilled() {
        UUID webhook = webhook();
        dispatcher.stop(); // this test claims by hand
        try {
            jdbc.sql("DELETE FROM delivery").update();
            jdbc.sql("VACUUM ANALYZE delivery").update();
            // one transaction, so one connection: the driver prepares a statement on the server from its fifth run
            // on, and PostgreSQL plans its first five runs there for their parameters before it weighs a generic plan
            long seqScans = transactions.execute(status -> {
                status.setRollbackOnly();
                Instant now = Instant.now();
                for (int i = 0; i < 20; i++) {
                    assertThat(deliveries.claimDue(64, 2, Map.of(), now, now.plusSeconds(120)))
                            .isEmpty();
                }
                jdbc.sql("""
                                INSERT INTO delivery (id, webhook_id, event_id, event_type, message_id, payload, status,
                                                      attempts, next_attempt_at, created_at)
                                SELECT gen_random_uuid(), :webhook, 'event-' || i, 'video.updated', 'msg-' || i,
                                       repeat('x', 500), 'PENDING', 0, now() - interval '1 second', now()
                                FROM generate_series(1, 5000) i
                                """).param("webhook", webhook).update();
                long before = seqScansOfDelivery();
                Instant later = Instant.now();
                assertThat(deliveries.claimDue(64, 2, Map.of(), later, later.plusSeconds(120)))
                        .hasSize(2);
                return seqScansOfDelivery() - before;
            });
            assertThat(seqScans).as("sequential scans of delivery by the claim").isZero();
        } finally {
            dispatcher.start();
        }
    }

    /** This transaction's sequential scans of the table, counted before they are reported to the statistics. */
    long seqScansOfDelivery() {
        return jdbc.sql("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'delivery'")
                .query(Long.class)
                .single();
    }

    UUID webhook() {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO webhook (id, owner_id, url, event_types, secret, status, created_at, version)
                        VALUES (:id, :owner, 'https://example.com/hook', ARRAY['video.updated'], 'whsec_x', 'ACTIVE',
                                now(), 0)
                        """).param("id", id).param("owner", "owner-" + id).update();
        return id;
    }

    /** A delivery with one attempt; {@code completed} null for one still pending. */
    UUID delivery(UUID webhook, String status, Instant created, Instant completed) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO delivery (id, webhook_id, event_id, event_type, message_id, payload, status, attempts,
                                              next_attempt_at, created_at, completed_at)
                        VALUES (:id, :webhook, :event, 'video.updated', :message, '{}', :status, 1, :next, :created,
                                :completed)
                        """)
                .param("id", id)
                .param("webhook", webhook)
                .param("event", "event-" + id)
                .param("message", "msg_" + id)
                .param("status", status)
                .param("next", completed == null ? Timestamp.from(Instant.now().plus(Duration.ofHours(1))) : null)
                .param("created", Timestamp.from(created))
                .param("completed", completed == null ? null : Timestamp.from(completed))
                .update();
        jdbc.sql("""
                        INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, outcome, status_code)
                        VALUES (:id, 1, :started, 12, :outcome, :code)
                        """)
                .param("id", id)
                .param("started", Timestamp.from(created))
                .param("outcome", status.equals("SUCCEEDED") ? "SUCCEEDED" : "FAILED")
                .param("code", status.equals("SUCCEEDED") ? 200 : 500)
                .update();
        return id;
    }

    List<UUID> remaining(UUID webhook) {
        return jdbc.sql("SELECT id FROM delivery WHERE webhook_id = ?")
                .param(webhook)
                .query(UUID.class)
                .list();
    }

    int attemptsOf(UUID delivery) {
        return jdbc.sql("SELECT count(*) FROM delivery_attempt WHERE delivery_id = ?")
                .param(delivery)
                .query(Integer.class)
                .single();
    }
}
