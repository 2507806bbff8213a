package dev.vodflow.catalog.video;

import dev.vodflow.events.EventType;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VodflowEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The bookkeeping around the projection: which events were applied, which videos are deleted, and the
 * per-video lock that serialises consumers and API writes on one video.
 */
@Component
class Ledger {

    private final JdbcClient jdbc;

    Ledger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Holds a lock on the video until the transaction ends. */
    void lock(String videoId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:id, 0))")
                .param("id", videoId)
                .query((rs, row) -> 1)
                .list();
    }

    /** Records the event as seen; {@code false} when it was seen before (a duplicate). */
    boolean markProcessed(VodflowEvent event) {
        return jdbc.sql("""
                        INSERT INTO processed_events (event_id, event_type, video_id, occurred_at)
                        VALUES (:id, :type, :video, :at)
                        ON CONFLICT (event_id) DO NOTHING
                        """)
                        .param("id", event.eventId())
                        .param("type", EventType.of(event).type())
                        .param("video", event.videoId())
                        .param("at", Timestamp.from(event.occurredAt()))
                        .update()
                == 1;
    }

    Optional<Tombstone> tombstone(String videoId) {
        return jdbc.sql("SELECT deleted_at, event_id FROM deleted_videos WHERE video_id = :id")
                .param("id", videoId)
                .query((rs, row) -> new Tombstone(rs.getTimestamp(1).toInstant(), rs.getString(2)))
                .optional();
    }

    /** Keeps the earliest deletion of a video, so the tombstone does not depend on arrival order. */
    void bury(VideoDeleted deleted) {
        Instant at = VideoProjector.micros(deleted.occurredAt());
        Optional<Tombstone> existing = tombstone(deleted.videoId());
        if (existing.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO deleted_videos (video_id, owner_id, deleted_at, event_id)
                            VALUES (:id, :owner, :at, :event)
                            """)
                    .param("id", deleted.videoId())
                    .param("owner", deleted.ownerId())
                    .param("at", Timestamp.from(at))
                    .param("event", deleted.eventId())
                    .update();
        } else if (existing.get().laterThan(at, deleted.eventId())) {
            jdbc.sql("""
                            UPDATE deleted_videos SET owner_id = :owner, deleted_at = :at, event_id = :event
                            WHERE video_id = :id
                            """)
                    .param("id", deleted.videoId())
                    .param("owner", deleted.ownerId())
                    .param("at", Timestamp.from(at))
                    .param("event", deleted.eventId())
                    .update();
        }
    }

    record Tombstone(Instant deletedAt, String eventId) {

        boolean laterThan(Instant at, String otherEventId) {
            int byTime = deletedAt.compareTo(at);
            return byTime > 0 || (byTime == 0 && eventId.compareTo(otherEventId) > 0);
        }
    }
}
