package dev.vodflow.notification.delivery;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.observability.TraceCarrier;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The delivery outbox in PostgreSQL: what is due, who holds it, what each attempt got back. */
@Repository
public class Deliveries {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ObjectProvider<TraceCarrier> traces;
    private final ApplicationEventPublisher events;

    Deliveries(
            JdbcClient jdbc, JsonMapper json, ObjectProvider<TraceCarrier> traces, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.traces = traces;
        this.events = events;
    }

    /**
     * The {@code webhook-id} of an event's message to one endpoint: derived, so a replayed topic or a retry carries the
     * same id and receivers can deduplicate on it.
     */
    static String messageId(String eventId, UUID webhookId) {
        return "msg_" + EventIds.nameBased("webhook-message", eventId, webhookId.toString());
    }

    /**
     * Queues one message of {@code event} for each endpoint, in the current trace; see {@link #enqueueAll}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(Collection<UUID> webhookIds, String eventType, VodflowEvent event) {
        enqueueAll(List.of(new Fanout(event, eventType, List.copyOf(webhookIds), currentTraceParent())));
    }

    /**
     * Queues each event's message to each of its endpoints, all in one statement with each payload written once (a
     * consumed batch of events costs one round trip here, not one per event or per endpoint); a pair queued before
     * gets nothing new. The trace each event arrived in is kept with its deliveries, for the attempts to continue.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueueAll(List<Fanout> fanouts) {
        int rows = fanouts.stream().mapToInt(f -> f.webhookIds().size()).sum();
        if (rows == 0) {
            return;
        }
        int n = fanouts.size();
        String[] eventIds = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        String[] traceParents = new String[n];
        String[] ids = new String[rows];
        String[] webhooks = new String[rows];
        String[] messages = new String[rows];
        String[] ordinals = new String[rows];
        int row = 0;
        long nowMillis = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            Fanout fanout = fanouts.get(i);
            VodflowEvent event = fanout.event();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", fanout.eventType());
            body.put("timestamp", event.occurredAt());
            body.put("data", event);
            eventIds[i] = event.eventId();
            types[i] = fanout.eventType();
            payloads[i] = json.writeValueAsString(body);
            traceParents[i] = fanout.traceParent();
            for (UUID webhookId : fanout.webhookIds()) {
                ids[row] = timeOrderedId(nowMillis).toString();
                webhooks[row] = webhookId.toString();
                messages[row] = messageId(event.eventId(), webhookId);
                ordinals[row] = Integer.toString(i + 1);
                row++;
            }
        }
        jdbc.sql("""
                        INSERT INTO delivery (id, webhook_id, event_id, event_type, message_id, payload, status, attempts,
                                              next_attempt_at, created_at, trace_parent)
                        SELECT q.id, q.webhook, e.event, e.type, q.message, e.payload, 'PENDING', 0, :now, :now,
                               e.trace_parent
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:webhooks AS uuid[]), CAST(:messages AS text[]),
                                    CAST(:ordinals AS int[])) AS q (id, webhook, message, ordinal)
                        JOIN unnest(CAST(:events AS text[]), CAST(:types AS text[]), CAST(:payloads AS text[]),
                                    CAST(:traceParents AS text[])) WITH ORDINALITY
                             AS e (event, type, payload, trace_parent, ordinal) ON e.ordinal = q.ordinal
                        ON CONFLICT ON CONSTRAINT delivery_once_per_endpoint DO NOTHING
                        """)
                .param("ids", ids)
                .param("webhooks", webhooks)
                .param("messages", messages)
                .param("ordinals", ordinals)
                .param("events", eventIds)
                .param("types", types)
                .param("payloads", payloads)
                .param("traceParents", traceParents)
                .param("now", at(Instant.now()))
                .update();
        events.publishEvent(new DeliveryQueued()); // the dispatcher claims them once this commits
    }

    /**
     * A new delivery's id: an RFC 9562 version 7 UUID, the time in milliseconds first and 74 random bits after it (from
     * {@link UUID#randomUUID()}). Deliveries queued together sit side by side in the primary key, and so do the keys
     * the attempts' index repeats, where random ids put every insert (and every update that is not heap-only) on a
     * page of its own, and the first write to each page after a checkpoint copies the whole page to the WAL. A
     * webhooks benchmark row (15,000 deliveries from a checkpoint on) wrote 53-56 MB of WAL with these ids against
     * 93-100 MB with random ones (issue 21).
     */
    static UUID timeOrderedId(long epochMillis) {
        UUID random = UUID.randomUUID();
        long high = (epochMillis << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        return new UUID(high, random.getLeastSignificantBits()); // randomUUID's variant bits are RFC 9562's too
    }

    private String currentTraceParent() {
        TraceCarrier carrier = traces.getIfAvailable();
        return carrier == null ? null : carrier.current().get("traceparent");
    }

    /**
     * Reserves up to {@code limit} due deliveries of active endpoints, each with what its attempt needs of its
     * endpoint (URL and signing secrets), so an attempt costs no lookup of its own. Each endpoint gets at most its
     * oldest {@code perEndpoint} less what it already has in flight ({@code inFlight}), the oldest of those first:
     * nothing claimed has to be given back row by row, and an endpoint far behind the others cannot fill a claim
     * that the others' rows should share. {@code SKIP LOCKED} lets several instances claim side by side without
     * waiting on or double-taking each other's rows.
     *
     * <p>The claim is planned for the table as it is each time it runs. It runs every poll-interval, empty table or
     * not, and PostgreSQL settles on a generic plan for a statement the driver keeps prepared: made just after a
     * {@code VACUUM} of the empty table, that plan read the whole table for every endpoint, and a burst of 10,000
     * deliveries cost the database 3 to 4.5 ms each instead of 0.2 ms (until new connections, or an {@code ANALYZE},
     * planned it again). Planning a claim costs far less than one such scan.
     */
    @Transactional
    List<ClaimedDelivery> claimDue(
            int limit, int perEndpoint, Map<UUID, Integer> inFlight, Instant now, Instant leaseUntil) {
        jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
        List<String> webhooks = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        inFlight.forEach((webhook, count) -> {
            if (count > 0) {
                webhooks.add(webhook.toString());
                counts.add(count.toString());
            }
        });
        return jdbc.sql("""
                        WITH picked AS (
                            SELECT c.id
                            FROM webhook w
                            LEFT JOIN unnest(CAST(:webhooks AS uuid[]), CAST(:counts AS int[])) AS t (webhook, count)
                                   ON t.webhook = w.id
                            CROSS JOIN LATERAL (
                                SELECT c.id, c.next_attempt_at FROM delivery c
                                WHERE c.webhook_id = w.id AND c.status = 'PENDING' AND c.next_attempt_at <= :now
                                  AND (c.lease_until IS NULL OR c.lease_until < :now)
                                ORDER BY c.next_attempt_at
                                LIMIT greatest(0, :perEndpoint - coalesce(t.count, 0))
                                FOR UPDATE OF c SKIP LOCKED) c
                            WHERE w.status = 'ACTIVE' AND coalesce(t.count, 0) < :perEndpoint
                            ORDER BY c.next_attempt_at
                            LIMIT :limit)
                        UPDATE delivery d SET lease_until = :leaseUntil
                        FROM webhook w
                        WHERE w.id = d.webhook_id AND d.id IN (SELECT id FROM picked)
                        RETURNING d.id, d.webhook_id, d.message_id, d.event_type, d.payload, d.attempts, d.lease_until,
                          d.created_at, d.trace_parent, w.url, w.secret, w.previous_secret,
                          w.previous_secret_expires_at
                        """)
                .param("leaseUntil", at(leaseUntil))
                .param("now", at(now))
                .param("webhooks", webhooks.toArray(String[]::new))
                .param("counts", counts.toArray(String[]::new))
                .param("perEndpoint", perEndpoint)
                .param("limit", limit)
                .query((rs, row) -> new ClaimedDelivery(
                        rs.getObject("id", UUID.class),
                        rs.getObject("webhook_id", UUID.class),
                        rs.getString("message_id"),
                        rs.getString("event_type"),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getObject("lease_until", OffsetDateTime.class),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getString("trace_parent"),
                        new ClaimedDelivery.Endpoint(
                                rs.getString("url"),
                                rs.getString("secret"),
                                rs.getString("previous_secret"),
                                instant(rs.getTimestamp("previous_secret_expires_at")))))
                .list();
    }

    /**
     * Stores attempts and their deliveries' next states, any number in one statement (one round trip, atomic without a
     * transaction of its own); nothing for a delivery whose webhook was deleted meanwhile, and its log with it.
     */
    void recordAttempts(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        int n = outcomes.size();
        String[] ids = new String[n];
        String[] numbers = new String[n];
        String[] statuses = new String[n];
        String[] nexts = new String[n];
        String[] completed = new String[n];
        String[] started = new String[n];
        String[] durations = new String[n];
        String[] results = new String[n];
        String[] codes = new String[n];
        String[] errors = new String[n];
        String[] responses = new String[n];
        String now = text(Instant.now());
        for (int i = 0; i < n; i++) {
            Outcome o = outcomes.get(i);
            ids[i] = o.delivery().id().toString();
            numbers[i] = Integer.toString(o.attempt().number());
            statuses[i] = o.status().name();
            nexts[i] = text(o.nextAttemptAt());
            completed[i] = o.status() == DeliveryStatus.PENDING ? null : now;
            started[i] = text(o.attempt().startedAt());
            durations[i] = Long.toString(o.attempt().durationMs());
            results[i] = o.attempt().outcome().name();
            codes[i] = o.attempt().statusCode() == null
                    ? null
                    : o.attempt().statusCode().toString();
            errors[i] = o.attempt().error();
            responses[i] = o.attempt().responseBody();
        }
        jdbc.sql("""
                        WITH a AS (
                            SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:numbers AS int[]), CAST(:statuses AS text[]),
                                                 CAST(:nexts AS timestamptz[]), CAST(:completed AS timestamptz[]),
                                                 CAST(:started AS timestamptz[]), CAST(:durations AS bigint[]),
                                                 CAST(:results AS text[]), CAST(:codes AS int[]), CAST(:errors AS text[]),
                                                 CAST(:responses AS text[]))
                                AS a (id, number, status, next, completed, started, duration, result, code, error,
                                      response)),
                        updated AS (
                            UPDATE delivery d SET attempts = a.number, status = a.status, next_attempt_at = a.next,
                                                  lease_until = NULL, completed_at = a.completed
                            FROM a WHERE d.id = a.id
                            RETURNING d.id)
                        INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, outcome,
                                                      status_code, error, response_body)
                        SELECT a.id, a.number, a.started, a.duration, a.result, a.code, a.error, a.response
                        FROM a JOIN updated u ON u.id = a.id
                        """)
                .param("ids", ids)
                .param("numbers", numbers)
                .param("statuses", statuses)
                .param("nexts", nexts)
                .param("completed", completed)
                .param("started", started)
                .param("durations", durations)
                .param("results", results)
                .param("codes", codes)
                .param("errors", errors)
                .param("responses", responses)
                .update();
    }

    /** A timestamp as PostgreSQL reads it (ISO 8601, UTC, microseconds), for the arrays above. */
    private static String text(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    /** The newest deliveries of one endpoint with every attempt, newest first. */
    List<DeliveryLogEntry> log(UUID webhookId, int limit) {
        List<DeliveryLogEntry> entries = jdbc.sql("""
                        SELECT id, event_id, event_type, message_id, status, attempts, next_attempt_at, created_at,
                               completed_at
                        FROM delivery WHERE webhook_id = ? ORDER BY created_at DESC, id LIMIT ?
                        """)
                .params(webhookId, limit)
                .query((rs, row) -> new DeliveryLogEntry(
                        rs.getObject("id", UUID.class),
                        rs.getString("event_id"),
                        rs.getString("event_type"),
                        rs.getString("message_id"),
                        DeliveryStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempts"),
                        instant(rs.getTimestamp("next_attempt_at")),
                        instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("completed_at")),
                        new ArrayList<>()))
                .list();
        if (entries.isEmpty()) {
            return entries;
        }
        Map<UUID, DeliveryLogEntry> byId = new LinkedHashMap<>();
        entries.forEach(entry -> byId.put(entry.id(), entry));
        jdbc.sql("""
                        SELECT delivery_id, attempt, started_at, duration_ms, outcome, status_code, error, response_body
                        FROM delivery_attempt WHERE delivery_id IN (:ids) ORDER BY delivery_id, attempt
                        """).param("ids", byId.keySet()).query(rs -> {
            int code = rs.getInt("status_code");
            Integer statusCode = rs.wasNull() ? null : code;
            byId.get(rs.getObject("delivery_id", UUID.class))
                    .attempts()
                    .add(new Attempt(
                            rs.getInt("attempt"),
                            instant(rs.getTimestamp("started_at")),
                            rs.getLong("duration_ms"),
                            AttemptOutcome.valueOf(rs.getString("outcome")),
                            statusCode,
                            rs.getString("error"),
                            rs.getString("response_body")));
        });
        return entries;
    }

    /** PostgreSQL keeps microseconds; an OffsetDateTime is what the driver binds to timestamptz. */
    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * One event's messages to be queued: {@code traceParent} is the W3C trace it arrived in (null: none), which its
     * attempts continue.
     */
    public record Fanout(VodflowEvent event, String eventType, List<UUID> webhookIds, String traceParent) {

        public Fanout {
            webhookIds = List.copyOf(webhookIds);
        }
    }

    /** An attempt at a claimed delivery and the state it leaves the delivery in. */
    record Outcome(ClaimedDelivery delivery, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt) {}

    /** One try at sending a delivery, as logged. */
    record Attempt(
            int number,
            Instant startedAt,
            long durationMs,
            AttemptOutcome outcome,
            Integer statusCode,
            String error,
            String responseBody) {}

    /** A delivery with its attempts, for {@code GET /webhooks/{id}/deliveries}. */
    record DeliveryLogEntry(
            UUID id,
            String eventId,
            String eventType,
            String webhookMessageId,
            DeliveryStatus status,
            int attemptCount,
            Instant nextAttemptAt,
            Instant createdAt,
            Instant completedAt,
            List<Attempt> attempts) {}
}
