package dev.vodflow.transcode.job;

import dev.vodflow.events.VideoUploaded;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to a {@code video.uploaded}: the first delivery writes attempt 1 and submits it; a redelivery
 * finds the row and only finishes a submission that had not been recorded yet.
 */
class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    private final TranscodeJobs jobs;
    private final JobSubmitter submitter;
    private final DeletedVideos deleted;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Intake(
            TranscodeJobs jobs, JobSubmitter submitter, DeletedVideos deleted, TransactionTemplate tx, Clock clock) {
        this.jobs = jobs;
        this.submitter = submitter;
        this.deleted = deleted;
        this.tx = tx;
        this.clock = clock;
    }

    public void accept(VideoUploaded event) {
        if (deleted.isDeleted(event.videoId())) {
            // A replayed or late upload of a deleted video: transcoding it would bring back files nobody may have.
            log.info("Ignoring video.uploaded {}: video {} was deleted", event.eventId(), event.videoId());
            return;
        }
        Optional<TranscodeJob> existing = jobs.findLatest(event.videoId());
        TranscodeJob job;
        if (existing.isPresent()) {
            job = existing.get();
            if (!job.uploadedEventId().equals(event.eventId())) {
                log.warn(
                        "Ignoring video.uploaded {} for video {}: it already has jobs from upload {}",
                        event.eventId(),
                        event.videoId(),
                        job.uploadedEventId());
                return;
            }
        } else {
            job = insertFirstAttempt(event);
        }
        submitter.submit(job);
    }

    private TranscodeJob insertFirstAttempt(VideoUploaded event) {
        try {
            return tx.execute(status -> jobs.save(TranscodeJob.pending(
                    event.videoId(),
                    1,
                    event.ownerId(),
                    event.bucket(),
                    event.key(),
                    event.eventId(),
                    event.occurredAt(),
                    clock.instant())));
        } catch (DuplicateKeyException | DbActionExecutionException e) {
            // Another consumer (a rebalance, a redelivery) wrote it first: carry on with its row.
            return jobs.findLatest(event.videoId()).orElseThrow(() -> e);
        }
    }
}
