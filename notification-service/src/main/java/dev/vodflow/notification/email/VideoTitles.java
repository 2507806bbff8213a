package dev.vodflow.notification.email;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each video is called, kept from video.uploaded and video.updated: the transcode events that trigger mail do
 * not carry the title. Topics are not ordered with each other, so the newest event time wins.
 */
@Repository
class VideoTitles {

    private final JdbcClient jdbc;

    VideoTitles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(String videoId, String ownerId, String title, Instant occurredAt) {
        jdbc.sql("""
                        INSERT INTO email_video (video_id, owner_id, title, occurred_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (video_id) DO UPDATE SET title = excluded.title, occurred_at = excluded.occurred_at
                        WHERE email_video.occurred_at <= excluded.occurred_at
                        """)
                .params(videoId, ownerId, title, occurredAt.atOffset(ZoneOffset.UTC))
                .update();
    }

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
