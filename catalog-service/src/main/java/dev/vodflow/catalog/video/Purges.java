package dev.vodflow.catalog.video;

import dev.vodflow.catalog.storage.MediaStorage;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Removes a deleted video's objects from the bucket, and only then forgets it. The work is recorded in the
 * transaction that records the deletion (after {@code video.deleted} was acknowledged) and done after it commits: a
 * broker or database failure can then never leave a video in the catalog whose files are gone. What fails, or what
 * a crash interrupts, is found again by {@link #sweep} and retried; removing objects twice is harmless.
 */
@Component
class Purges {

    private static final Logger log = LoggerFactory.getLogger(Purges.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final MediaStorage storage;
    private final Clock clock;

    Purges(NamedParameterJdbcTemplate jdbc, MediaStorage storage, Clock clock) {
        this.jdbc = jdbc;
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * Records, in the caller's transaction, that these videos' objects are to be removed, and removes them once
     * that transaction has committed.
     *
     * @param sources each video's source as its upload described it; {@code null} when the catalog never saw it
     */
    void schedule(Map<String, Video.Upload> sources, Collection<String> videoIds) {
        for (String videoId : videoIds) {
            Video.Upload source = sources.get(videoId);
            jdbc.update(
                    """
                    INSERT INTO pending_purges (video_id, source_bucket, source_key, recorded_at)
                    VALUES (:id, :bucket, :key, :at)
                    ON CONFLICT (video_id) DO UPDATE
                       SET source_bucket = coalesce(EXCLUDED.source_bucket, pending_purges.source_bucket),
                           source_key = coalesce(EXCLUDED.source_key, pending_purges.source_key)
                    """,
                    new MapSqlParameterSource()
                            .addValue("id", videoId)
                            .addValue("bucket", source == null ? null : source.bucket())
                            .addValue("key", source == null ? null : source.key())
                            .addValue("at", Timestamp.from(clock.instant())));
        }
        List<String> ids = List.copyOf(videoIds);
        if (!ids.isEmpty() && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    ids.forEach(Purges.this::purgeOrLeaveForLater);
                }
            });
        }
    }

    /** Retries the removals that failed or were interrupted. */
    @Scheduled(fixedDelayString = "${vodflow.catalog.purge-interval:30s}")
    void sweep() {
        jdbc.queryForList("SELECT video_id FROM pending_purges ORDER BY recorded_at LIMIT 100", Map.of(), String.class)
                .forEach(this::purgeOrLeaveForLater);
    }

    void purge(String videoId) {
        List<Map<String, Object>> pending = jdbc.queryForList(
                "SELECT source_bucket, source_key FROM pending_purges WHERE video_id = :id", Map.of("id", videoId));
        if (pending.isEmpty()) {
            return;
        }
        int removed = storage.deleteVideo(videoId, (String) pending.get(0).get("source_bucket"), (String)
                pending.get(0).get("source_key"));
        jdbc.update("DELETE FROM pending_purges WHERE video_id = :id", Map.of("id", videoId));
        log.info("Removed the {} objects of deleted video {}", removed, videoId);
    }

    private void purgeOrLeaveForLater(String videoId) {
        try {
            purge(videoId);
        } catch (RuntimeException e) {
            log.warn("Could not remove the objects of deleted video {} yet; will retry: {}", videoId, e.toString());
        }
    }
}
