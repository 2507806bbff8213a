package dev.vodflow.catalog.video;

import dev.vodflow.catalog.storage.MediaStorage;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes a deleted video's objects from the bucket, and only then forgets it. The work is recorded in the
 * transaction that records the deletion (after {@code video.deleted} was acknowledged) and done after it commits: a
 * broker or database failure can then never leave a video in the catalog whose files are gone. What fails, or what
 * a crash interrupts, is found again by {@link #sweep} and retried; removing objects twice is harmless.
 *
 * <p>Every instance sweeps; a removal holds its row ({@code FOR UPDATE SKIP LOCKED}) until it is done and the row
 * gone, so two instances (or an instance's sweep and its own after-commit removal) never remove the same video twice.
 */
@Component
class Purges implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Purges.class);

    /** Removes a video's objects from the bucket and says how many there were; doing it twice is harmless. */
    interface Removal {
        int remove(String videoId, String sourceBucket, String sourceKey);
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Removal removal;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "catalog-purges");
        thread.setDaemon(true);
        return thread;
    });

    @Autowired
    Purges(
            NamedParameterJdbcTemplate jdbc,
            MediaStorage storage,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this(jdbc, storage::deleteVideo, clock, transactionManager);
    }

    Purges(
            NamedParameterJdbcTemplate jdbc,
            Removal removal,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.removal = removal;
        this.clock = clock;
        // its own transaction, also when called after the deletion's commit (whose resources are still bound)
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Records, in the caller's transaction, that these videos' objects are to be removed, and removes them once
     * that transaction has committed, before the caller's thread moves on (an API deletion answers once its files are
     * gone).
     *
     * @param sources each video's source as its upload described it; {@code null} when the catalog never saw it
     */
    void schedule(Map<String, Video.Upload> sources, Collection<String> videoIds) {
        record(sources, videoIds, ids -> ids.forEach(this::purgeOrLeaveForLater));
    }

    /**
     * As {@link #schedule}, but the removals run on a thread of their own after the commit: the consumer applying a
     * batch of {@code video.deleted} events (a replay holds hundreds) does not wait for the bucket per video. What the
     * process does not get to is in {@code pending_purges} for the {@link #sweep}.
     */
    void scheduleInBackground(Map<String, Video.Upload> sources, Collection<String> videoIds) {
        record(sources, videoIds, ids -> {
            try {
                background.execute(() -> ids.forEach(this::purgeOrLeaveForLater));
            } catch (RejectedExecutionException e) {
                log.info("Stopping: the removal of {} deleted videos' objects is left to the next sweep", ids.size());
            }
        });
    }

    private void record(
            Map<String, Video.Upload> sources, Collection<String> videoIds, Consumer<List<String>> afterCommit) {
        if (videoIds.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.batchUpdate(
                """
                INSERT INTO pending_purges (video_id, source_bucket, source_key, recorded_at)
                VALUES (:id, :bucket, :key, :at)
                ON CONFLICT (video_id) DO UPDATE
                   SET source_bucket = coalesce(EXCLUDED.source_bucket, pending_purges.source_bucket),
                       source_key = coalesce(EXCLUDED.source_key, pending_purges.source_key)
                """,
                videoIds.stream()
                        .map(videoId -> {
                            Video.Upload source = sources.get(videoId);
                            return new MapSqlParameterSource()
                                    .addValue("id", videoId)
                                    .addValue("bucket", source == null ? null : source.bucket())
                                    .addValue("key", source == null ? null : source.key())
                                    .addValue("at", now);
                        })
                        .toArray(SqlParameterSource[]::new));
        List<String> ids = List.copyOf(videoIds);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    afterCommit.accept(ids);
                }
            });
        }
    }

    @Override
    public void destroy() {
        background.shutdownNow(); // what is left is in pending_purges: the next sweep, here or elsewhere, takes it
    }

    /** Retries the removals that failed or were interrupted. */
    @Scheduled(fixedDelayString = "${vodflow.catalog.purge-interval:30s}")
    void sweep() {
        jdbc.queryForList("SELECT video_id FROM pending_purges ORDER BY recorded_at LIMIT 100", Map.of(), String.class)
                .forEach(this::purgeOrLeaveForLater);
    }

    void purge(String videoId) {
        Integer removed = transactions.execute(status -> {
            List<Map<String, Object>> pending = jdbc.queryForList(
                    "SELECT source_bucket, source_key FROM pending_purges WHERE video_id = :id FOR UPDATE SKIP LOCKED",
                    Map.of("id", videoId));
            if (pending.isEmpty()) {
                return null; // done already, or being done right now by another instance
            }
            int objects = removal.remove(videoId, (String) pending.get(0).get("source_bucket"), (String)
                    pending.get(0).get("source_key"));
            jdbc.update("DELETE FROM pending_purges WHERE video_id = :id", Map.of("id", videoId));
            return objects;
        });
        if (removed != null) {
            log.info("Removed the {} objects of deleted video {}", removed, videoId);
        }
    }

    private void purgeOrLeaveForLater(String videoId) {
        try {
            purge(videoId);
        } catch (RuntimeException e) {
            log.warn("Could not remove the objects of deleted video {} yet; will retry: {}", videoId, e.toString());
        }
    }
}
