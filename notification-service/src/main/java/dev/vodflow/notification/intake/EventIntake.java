package dev.vodflow.notification.intake;

import dev.vodflow.events.EventType;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.notification.delivery.Deliveries;
import dev.vodflow.notification.email.VideoMail;
import dev.vodflow.notification.stream.VideoActivity;
import dev.vodflow.notification.webhook.Webhook;
import dev.vodflow.notification.webhook.Webhooks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One event in, in one transaction: remember its id, check its owner is the video's, queue a delivery per matching
 * active subscription of its owner, add it to the owner's live stream, queue the owner's e-mail. A seen id is
 * dropped whole, so replaying a topic changes nothing; the unique
 * (event, endpoint) constraint on deliveries backs that up.
 */
@Service
class EventIntake {

    private final JdbcClient jdbc;
    private final Webhooks webhooks;
    private final Deliveries deliveries;
    private final VideoActivity activity;
    private final VideoMail videoMail;

    EventIntake(
            JdbcClient jdbc, Webhooks webhooks, Deliveries deliveries, VideoActivity activity, VideoMail videoMail) {
        this.jdbc = jdbc;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.activity = activity;
        this.videoMail = videoMail;
    }

    /** @return whether the event was new */
    @Transactional
    boolean accept(VodflowEvent event) {
        int fresh = jdbc.sql("INSERT INTO processed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(event.eventId())
                .update();
        if (fresh == 0) {
            return false;
        }
        requireOwner(event);
        String type = EventType.of(event).topic();
        deliveries.enqueue(
                webhooks.subscribers(event.ownerId(), type).stream()
                        .map(Webhook::id)
                        .toList(),
                type,
                event);
        activity.record(event);
        videoMail.onEvent(event); // e-mail to the owner: queued in this transaction, sent by the email outbox
        return true;
    }

    /**
     * The first event of a video fixes its owner; one naming another owner is refused (and dead-lettered) rather than
     * delivered to that owner's webhooks and stream.
     */
    private void requireOwner(VodflowEvent event) {
        jdbc.sql("INSERT INTO video_owner (video_id, owner_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(event.videoId(), event.ownerId())
                .update();
        String owner = jdbc.sql("SELECT owner_id FROM video_owner WHERE video_id = ?")
                .param(event.videoId())
                .query(String.class)
                .single();
        if (!owner.equals(event.ownerId())) {
            throw new RejectedEvent(
                    "event " + event.eventId() + " names " + event.ownerId() + " as the owner of video "
                            + event.videoId() + ", which belongs to " + owner,
                    null);
        }
    }
}
