package dev.vodflow.notification.email;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each video is called, kept from video.uploaded and video.updated: the transcode events that trigger mail do
 * not carry the title. Topics are not ordered with each other, so the newest event time wins.
 */
@Repository
class VideoTitles {

    private static final String RECORD = """
            INSERT INTO email_video (video_id, owner_id, title, occurred_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (video_id) DO UPDATE SET title = excluded.title, occurred_at = excluded.occurred_at
            WHERE email_video.occurred_at <= excluded.occurred_at
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    VideoTitles(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    void record(String videoId, String ownerId, String title, Instant occurredAt) {
        recordAll(List.of(new Title(videoId, ownerId, title, occurredAt)));
    }

    /**
     * Each title in turn, as {@link #record} would, sent as one JDBC batch (one round trip for a consumed batch of
     * events; a multi-row upsert would refuse a video named twice).
     */
    void recordAll(List<Title> titles) {
        if (titles.isEmpty()) {
            return;
        }
        batches.batchUpdate(
                RECORD,
                titles.stream()
                        .map(t -> new Object[] {
                            t.videoId(), t.ownerId(), t.title(), t.occurredAt().atOffset(ZoneOffset.UTC)
                        })
                        .toList());
    }

    /** A video's title as of an event. */
    record Title(String videoId, String ownerId, String title, Instant occurredAt) {}

    void forget(String videoId) {
        jdbc.sql("DELETE FROM email_video WHERE video_id = ?").param(videoId).update();
    }

    Optional<String> title(String videoId) {
        return jdbc.sql("SELECT title FROM email_video WHERE video_id = ? AND title IS NOT NULL AND title <> ''")
                .param(videoId)
                .query(String.class)
                .optional();
    }
}
