package dev.vodflow.notification.intake;

import dev.vodflow.events.EventType;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.messaging.BatchApplier;
import dev.vodflow.messaging.BatchApplier.Outcome;
import dev.vodflow.messaging.BatchApplier.Refusal;
import dev.vodflow.notification.delivery.Deliveries;
import dev.vodflow.notification.email.VideoMail;
import dev.vodflow.notification.stream.VideoActivity;
import dev.vodflow.notification.webhook.Webhook;
import dev.vodflow.notification.webhook.Webhooks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A consumed batch of events in, in one transaction: remember their ids, check each one's owner is its video's, queue
 * a delivery per matching active subscription of its owner, add it to the owner's live stream, queue the owner's
 * e-mail. Each step is a statement or two for the whole batch, not one per event. A seen id is dropped whole, so
 * replaying a topic changes nothing; the unique (event, endpoint) constraint on deliveries backs that up.
 */
@Service
class EventIntake {

    private final JdbcClient jdbc;
    private final Webhooks webhooks;
    private final Deliveries deliveries;
    private final VideoActivity activity;
    private final VideoMail videoMail;
    private final TransactionTemplate transactions;

    EventIntake(
            JdbcClient jdbc,
            Webhooks webhooks,
            Deliveries deliveries,
            VideoActivity activity,
            VideoMail videoMail,
            TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.activity = activity;
        this.videoMail = videoMail;
        this.transactions = transactions;
    }

    /** An event as received, with the W3C trace it was published in (null: none). */
    record Received(VodflowEvent event, String traceParent) {}

    /**
     * Takes in {@code events} in order, up to the first that names another owner of its video: those before it are
     * committed, it is reported, and those after it are left for the caller to hand in again. Database failures are
     * thrown, with nothing of the batch committed.
     */
    Outcome accept(List<Received> events) {
        return BatchApplier.untilRefused(transactions, events, this::apply);
    }

    private Refusal apply(List<Received> batch) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            positions.putIfAbsent(batch.get(i).event().eventId(), i); // a record read twice counts once
        }
        Set<String> fresh = new HashSet<>(jdbc.sql("""
                        INSERT INTO processed_event (event_id) SELECT unnest(CAST(:ids AS text[]))
                        ON CONFLICT DO NOTHING RETURNING event_id
                        """)
                .param("ids", positions.keySet().toArray(String[]::new))
                .query(String.class)
                .list());
        List<Received> taken = new ArrayList<>();
        positions.forEach((id, index) -> {
            if (fresh.contains(id)) {
                taken.add(batch.get(index));
            }
        });
        Refusal refusal = requireOwners(batch, taken);
        if (refusal != null) {
            return refusal;
        }
        fanOut(taken);
        for (Received received : taken) {
            activity.record(received.event());
        }
        // e-mail to the owners: queued in this transaction, sent by the email outbox
        videoMail.onEvents(taken.stream().map(Received::event).toList());
        return null;
    }

    /**
     * The first event of a video fixes its owner; one naming another owner is refused (and dead-lettered) rather than
     * delivered to that owner's webhooks and stream.
     */
    private Refusal requireOwners(List<Received> batch, List<Received> taken) {
        if (taken.isEmpty()) {
            return null;
        }
        Map<String, String> firstOwners = new LinkedHashMap<>();
        taken.forEach(
                r -> firstOwners.putIfAbsent(r.event().videoId(), r.event().ownerId()));
        jdbc.sql("""
                        INSERT INTO video_owner (video_id, owner_id)
                        SELECT * FROM unnest(CAST(:videos AS text[]), CAST(:owners AS text[]))
                        ON CONFLICT DO NOTHING
                        """)
                .param("videos", firstOwners.keySet().toArray(String[]::new))
                .param("owners", firstOwners.values().toArray(String[]::new))
                .update();
        Map<String, String> owners = new HashMap<>();
        jdbc.sql("SELECT video_id, owner_id FROM video_owner WHERE video_id = ANY (CAST(:videos AS text[]))")
                .param("videos", firstOwners.keySet().toArray(String[]::new))
                .query(rs -> {
                    owners.put(rs.getString("video_id"), rs.getString("owner_id"));
                });
        for (Received received : taken) {
            VodflowEvent event = received.event();
            String owner = owners.get(event.videoId());
            if (!owner.equals(event.ownerId())) {
                return new Refusal(
                        batch.indexOf(received),
                        new RejectedEvent(
                                "event " + event.eventId() + " names " + event.ownerId() + " as the owner of video "
                                        + event.videoId() + ", which belongs to " + owner,
                                null));
            }
        }
        return null;
    }

    /** One query for the owners' endpoints, one statement for every delivery of the batch. */
    private void fanOut(List<Received> taken) {
        Set<String> ownerIds = new LinkedHashSet<>();
        taken.forEach(r -> ownerIds.add(r.event().ownerId()));
        Map<String, List<Webhook>> byOwner = new HashMap<>();
        for (Webhook webhook : webhooks.activeOf(ownerIds)) {
            byOwner.computeIfAbsent(webhook.ownerId(), owner -> new ArrayList<>())
                    .add(webhook);
        }
        List<Deliveries.Fanout> fanouts = new ArrayList<>(taken.size());
        for (Received received : taken) {
            VodflowEvent event = received.event();
            String type = EventType.of(event).topic();
            List<java.util.UUID> subscribers = byOwner.getOrDefault(event.ownerId(), List.of()).stream()
                    .filter(webhook -> webhook.eventTypes().contains(type))
                    .map(Webhook::id)
                    .toList();
            if (!subscribers.isEmpty()) {
                fanouts.add(new Deliveries.Fanout(event, type, subscribers, received.traceParent()));
            }
        }
        deliveries.enqueueAll(fanouts);
    }
}
