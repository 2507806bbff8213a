package dev.vodflow.catalog.video;

import dev.vodflow.events.EventType;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VodflowEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * The bookkeeping around the projection: which events were applied, which videos are deleted, and the
 * per-video locks that serialise consumers and API writes on one video.
 */
@Component
class Ledger {

    private final NamedParameterJdbcTemplate jdbc;

    Ledger(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds a lock on each video until the transaction ends. Taken in one order (by lock key), so two
     * batches never wait on each other in a circle.
     */
    void lock(Collection<String> videoIds) {
        jdbc.query("""
                SELECT count(pg_advisory_xact_lock(k))
                  FROM (SELECT DISTINCT hashtextextended(id, 0) AS k FROM unnest(:ids) AS t(id) ORDER BY k) AS keys
                """, new MapSqlParameterSource("ids", videoIds.toArray(String[]::new)), (rs, row) -> rs.getLong(1));
    }

    /**
     * The ids among {@code eventIds} that were applied before. A join with the ids rather than {@code event_id =
     * ANY(:ids)}: a plan the server made while the table was empty (a replay into a fresh database; the driver's
     * prepared statement keeps it) scans the table for every id with {@code ANY}, 250 ids times every row, but scans it
     * once with the join; with statistics, both look each id up in the index.
     */
    Set<String> processed(Collection<String> eventIds) {
        return new HashSet<>(jdbc.queryForList(
                "SELECT p.event_id FROM unnest(:ids) AS i (id) JOIN processed_events p ON p.event_id = i.id",
                new MapSqlParameterSource("ids", eventIds.toArray(String[]::new)),
                String.class));
    }

    void markProcessed(Collection<? extends VodflowEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // by position: a replay marks every record, and binding by name cost a map per row
        jdbc.getJdbcOperations().batchUpdate("""
                        INSERT INTO processed_events (event_id, event_type, video_id, occurred_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (event_id) DO NOTHING
                        """, List.copyOf(events), events.size(), (ps, event) -> {
            ps.setString(1, event.eventId());
            ps.setString(2, EventType.of(event).type());
            ps.setString(3, event.videoId());
            ps.setTimestamp(4, Timestamp.from(event.occurredAt()));
        });
    }

    /** The deletions recorded for any of {@code videoIds}, by video id. */
    Map<String, Tombstone> tombstones(Collection<String> videoIds) {
        Map<String, Tombstone> found = new HashMap<>();
        jdbc.query(
                "SELECT d.video_id, d.deleted_at, d.event_id FROM unnest(:ids) AS i (id)"
                        + " JOIN deleted_videos d ON d.video_id = i.id",
                new MapSqlParameterSource("ids", videoIds.toArray(String[]::new)),
                rs -> {
                    found.put(rs.getString(1), new Tombstone(rs.getTimestamp(2).toInstant(), rs.getString(3)));
                });
        return found;
    }

    /** Keeps the earliest deletion of each video, so the tombstone does not depend on arrival order. */
    void bury(Collection<VideoDeleted> deletions, Map<String, Tombstone> existing) {
        List<SqlParameterSource> rows = new ArrayList<>();
        for (VideoDeleted deleted : deletions) {
            Instant at = VideoProjector.micros(deleted.occurredAt());
            Tombstone current = existing.get(deleted.videoId());
            if (current != null && !current.laterThan(at, deleted.eventId())) {
                continue;
            }
            rows.add(new MapSqlParameterSource()
                    .addValue("id", deleted.videoId())
                    .addValue("owner", deleted.ownerId())
                    .addValue("at", Timestamp.from(at))
                    .addValue("event", deleted.eventId()));
        }
        if (rows.isEmpty()) {
            return;
        }
        // one round trip for a batch's deletions (a replay meets hundreds), not one per deletion
        jdbc.batchUpdate("""
                INSERT INTO deleted_videos (video_id, owner_id, deleted_at, event_id)
                VALUES (:id, :owner, :at, :event)
                ON CONFLICT (video_id) DO UPDATE
                   SET owner_id = EXCLUDED.owner_id, deleted_at = EXCLUDED.deleted_at, event_id = EXCLUDED.event_id
                """, rows.toArray(SqlParameterSource[]::new));
    }

    record Tombstone(Instant deletedAt, String eventId) {

        boolean laterThan(Instant at, String otherEventId) {
            int byTime = deletedAt.compareTo(at);
            return byTime > 0 || (byTime == 0 && eventId.compareTo(otherEventId) > 0);
        }

        static Tombstone of(VideoDeleted deleted) {
            return new Tombstone(VideoProjector.micros(deleted.occurredAt()), deleted.eventId());
        }
    }
}
