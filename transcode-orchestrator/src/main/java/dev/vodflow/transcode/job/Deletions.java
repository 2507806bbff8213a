package dev.vodflow.transcode.job;

import dev.vodflow.events.VideoDeleted;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.mediaconvert.model.BadRequestException;
import software.amazon.awssdk.services.mediaconvert.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a {@code video.deleted} means to transcoding: no job of that video runs on, none starts again (not even
 * from a replayed {@code video.uploaded}), and no output stays, including outputs a job writes after the deletion.
 * Every step is safe to repeat, so a redelivered or replayed deletion changes nothing more.
 */
class Deletions implements DeletedVideos {

    private static final Logger log = LoggerFactory.getLogger(Deletions.class);
    static final String VIDEO_DELETED = "VIDEO_DELETED";

    private final TranscodeJobs jobs;
    private final JdbcClient jdbc;
    private final MediaConvertJobs mediaConvert;
    private final S3Client s3;
    private final String outputBucket;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Deletions(
            TranscodeJobs jobs,
            JdbcClient jdbc,
            MediaConvertJobs mediaConvert,
            S3Client s3,
            String outputBucket,
            TransactionTemplate tx,
            Clock clock) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.mediaConvert = mediaConvert;
        this.s3 = s3;
        this.outputBucket = outputBucket;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Records the deletion, ends the video's open attempts (canceling a running MediaConvert job) and removes its
     * outputs.
     *
     * @throws IllegalArgumentException when the event names another owner than the video's
     */
    public void accept(VideoDeleted event) {
        List<TranscodeJob> attempts = jobs.findByVideoIdOrderByAttemptAsc(event.videoId());
        if (!attempts.isEmpty() && !attempts.get(0).ownerId().equals(event.ownerId())) {
            throw new IllegalArgumentException("video.deleted " + event.eventId() + " names " + event.ownerId()
                    + " as the owner of video " + event.videoId() + ", which belongs to "
                    + attempts.get(0).ownerId() + "; refused");
        }
        tx.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO deleted_video (video_id, owner_id, event_id, deleted_at)
                        VALUES (?, ?, ?, ?) ON CONFLICT (video_id) DO NOTHING
                        """)
                .params(event.videoId(), event.ownerId(), event.eventId(), Timestamp.from(event.occurredAt()))
                .update());
        for (TranscodeJob attempt : attempts) {
            if (!attempt.status().terminal()) {
                end(attempt);
            }
        }
        removeOutputs(event.videoId());
    }

    @Override
    public boolean isDeleted(String videoId) {
        return jdbc.sql("SELECT count(*) FROM deleted_video WHERE video_id = ?")
                        .param(videoId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Override
    public void jobEndedAfterDeletion(String videoId) {
        removeOutputs(videoId);
    }

    private void end(TranscodeJob attempt) {
        String jobId = tx.execute(status -> jobs.lock(attempt.videoId(), attempt.attempt())
                .filter(current -> !current.status().terminal())
                .map(current -> {
                    Instant now = clock.instant();
                    jobs.save(current.ended(null, JobStatus.CANCELED, VIDEO_DELETED, "The video was deleted.", now));
                    return current.jobId() == null ? "" : current.jobId();
                })
                .orElse(""));
        if (jobId == null || jobId.isEmpty()) {
            return;
        }
        try {
            mediaConvert.cancelJob(jobId);
            log.info("Canceled MediaConvert job {} of deleted video {}", jobId, attempt.videoId());
        } catch (BadRequestException | NotFoundException e) {
            // It ended on its own meanwhile: nothing left to cancel, its outputs are removed all the same.
            log.debug("Job {} of deleted video {} could not be canceled: {}", jobId, attempt.videoId(), e.getMessage());
        }
    }

    private void removeOutputs(String videoId) {
        int removed = 0;
        for (String prefix : JobRequests.outputPrefixes(videoId)) {
            for (var page :
                    s3.listObjectsV2Paginator(b -> b.bucket(outputBucket).prefix(prefix))) {
                List<ObjectIdentifier> keys = page.contents().stream()
                        .map(S3Object::key)
                        .map(key -> ObjectIdentifier.builder().key(key).build())
                        .toList();
                if (!keys.isEmpty()) {
                    s3.deleteObjects(b -> b.bucket(outputBucket)
                            .delete(Delete.builder().objects(keys).quiet(true).build()));
                    removed += keys.size();
                }
            }
        }
        if (removed > 0) {
            log.info("Removed {} outputs of deleted video {}", removed, videoId);
        }
    }
}
