package dev.vodflow.transcode.state;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeProgress;
import dev.vodflow.transcode.events.TranscodeEvents;
import dev.vodflow.transcode.job.DeletedVideos;
import dev.vodflow.transcode.job.JobStatus;
import dev.vodflow.transcode.job.JobSubmitter;
import dev.vodflow.transcode.job.TranscodeJob;
import dev.vodflow.transcode.job.TranscodeJobs;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one observation of a job to its attempt, under the attempt's row lock so the event consumer and the
 * reconciler never both act on one change. A job only moves forward and never leaves a terminal state, so
 * duplicated and out-of-order events are harmless. Events are published inside the transaction (see
 * {@link TranscodeEvents}).
 */
class StateApplier {

    private static final Logger log = LoggerFactory.getLogger(StateApplier.class);
    static final String OUTPUTS_MISSING = "OUTPUTS_MISSING";
    private static final Set<String> ENDED = Set.of("COMPLETE", "ERROR", "CANCELED");

    private final TranscodeJobs jobs;
    private final TranscodeEvents events;
    private final CompletionReport completion;
    private final ErrorCodes errorCodes;
    private final int maxAttempts;
    private final DeletedVideos deleted;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TranscodeSpeed speed;

    StateApplier(
            TranscodeJobs jobs,
            TranscodeEvents events,
            CompletionReport completion,
            ErrorCodes errorCodes,
            int maxAttempts,
            DeletedVideos deleted,
            TransactionTemplate tx,
            Clock clock,
            TranscodeSpeed speed) {
        this.speed = speed;
        this.jobs = jobs;
        this.events = events;
        this.completion = completion;
        this.errorCodes = errorCodes;
        this.maxAttempts = maxAttempts;
        this.deleted = deleted;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @return the next attempt to submit, when a service fault is being retried
     */
    Optional<TranscodeJob> apply(JobStateChange change) {
        Optional<TranscodeJob> next = applyLocked(change);
        if (ENDED.contains(change.status()) && change.videoId() != null && deleted.isDeleted(change.videoId())) {
            // The job ran on past the deletion (a cancel takes a moment, or it finished first): what it wrote
            // meanwhile must not stay.
            deleted.jobEndedAfterDeletion(change.videoId());
        }
        return next;
    }

    private Optional<TranscodeJob> applyLocked(JobStateChange change) {
        return tx.execute(status -> {
            Optional<TranscodeJob> locked = change.videoId() != null && change.attempt() != null
                    ? jobs.lock(change.videoId(), change.attempt())
                    : jobs.lockByJobId(change.jobId());
            if (locked.isEmpty()) {
                log.debug("Ignoring state {} of job {}: not one of ours", change.status(), change.jobId());
                return Optional.<TranscodeJob>empty();
            }
            TranscodeJob job = locked.get();
            if (job.jobId() != null && !job.jobId().equals(change.jobId())) {
                log.warn(
                        "Ignoring state of job {}: attempt {} of video {} is job {}",
                        change.jobId(),
                        job.attempt(),
                        job.videoId(),
                        job.jobId());
                return Optional.<TranscodeJob>empty();
            }
            if (job.status().terminal()) {
                return Optional.<TranscodeJob>empty();
            }
            return decide(job, change);
        });
    }

    private Optional<TranscodeJob> decide(TranscodeJob job, JobStateChange change) {
        Instant now = clock.instant();
        switch (change.status()) {
            // A late SUBMITTED must not take a progressing job back.
            case "SUBMITTED" ->
                jobs.save(job.progressed(
                        change.jobId(),
                        job.status() == JobStatus.PENDING ? JobStatus.SUBMITTED : job.status(),
                        0,
                        null,
                        now));
            case "PROGRESSING", "INPUT_INFORMATION", "STATUS_UPDATE", "NEW_WARNING", "QUEUE_HOP" ->
                progress(job, change, now);
            case "COMPLETE" -> {
                return complete(job, change, now);
            }
            case "ERROR" -> {
                String code = change.errorCode() == null ? "UNKNOWN" : change.errorCode();
                return error(
                        job,
                        change.jobId(),
                        JobStatus.ERROR,
                        code,
                        ErrorCodes.explain(code, change.errorMessage()),
                        errorCodes.isServiceFault(code),
                        now);
            }
            case "CANCELED" -> {
                TranscodeJob canceled = job.ended(
                        change.jobId(),
                        JobStatus.CANCELED,
                        "CANCELED",
                        "The transcoding job was canceled; an operator can retry it.",
                        now);
                events.publish(JobSubmitter.failedEvent(canceled, true, now));
                jobs.save(canceled);
            }
            default -> log.warn("Unknown MediaConvert status {} for job {}", change.status(), change.jobId());
        }
        return Optional.empty();
    }

    private void progress(TranscodeJob job, JobStateChange change, Instant now) {
        int percent = change.percent() == null ? job.percent() : Math.max(0, Math.min(100, change.percent()));
        boolean moved = percent > job.percent() || (change.phase() != null && job.phase() == null);
        TranscodeJob next = job.progressed(change.jobId(), JobStatus.PROGRESSING, percent, change.phase(), now);
        if (moved && "STATUS_UPDATE".equals(change.status())) {
            String phase = next.phase() == null ? "TRANSCODING" : next.phase();
            events.publish(new TranscodeProgress(
                    EventIds.nameBased("transcode.progress", change.jobId(), Integer.toString(next.percent()), phase),
                    job.videoId(),
                    job.ownerId(),
                    now,
                    change.jobId(),
                    next.percent(),
                    phase));
        }
        jobs.save(next);
    }

    private Optional<TranscodeJob> complete(TranscodeJob job, JobStateChange change, Instant now) {
        Optional<TranscodeCompleted> report = completion.build(job, change, now);
        if (report.isEmpty()) {
            // MediaConvert said COMPLETE but the master playlist is not there: treat it as a service fault.
            return error(
                    job,
                    change.jobId(),
                    JobStatus.ERROR,
                    OUTPUTS_MISSING,
                    "The transcoding service reported success but the outputs are missing; it can be retried.",
                    true,
                    now);
        }
        events.publish(report.get());
        jobs.save(job.completed(change.jobId(), report.get().durationMs(), now));
        speed.completed(job, report.get().durationMs(), now);
        log.info("Video {} transcoded by job {}", job.videoId(), change.jobId());
        return Optional.empty();
    }

    /** Ends the attempt; a service fault with attempts left starts the next one instead of failing the video. */
    Optional<TranscodeJob> error(
            TranscodeJob job,
            String jobId,
            JobStatus status,
            String code,
            String message,
            boolean serviceFault,
            Instant now) {
        TranscodeJob ended = job.ended(jobId, status, code, message, now);
        jobs.save(ended);
        if (serviceFault && job.attempt() < maxAttempts) {
            log.warn(
                    "Video {} attempt {} failed with service fault {}; trying again",
                    job.videoId(),
                    job.attempt(),
                    code);
            return Optional.of(jobs.save(ended.nextAttempt(now)));
        }
        log.info("Video {} failed: {} {}", job.videoId(), code, message);
        events.publish(JobSubmitter.failedEvent(ended, serviceFault, now));
        return Optional.empty();
    }

    /** Fails an attempt stuck past the hard limit, unless it ended meanwhile. */
    boolean failStuck(TranscodeJob stuck, String message) {
        Boolean failed = tx.execute(status -> jobs.lock(stuck.videoId(), stuck.attempt())
                .filter(job -> !job.status().terminal())
                .map(job -> {
                    Instant now = clock.instant();
                    TranscodeJob ended = job.ended(null, JobStatus.FAILED, "STUCK", message, now);
                    events.publish(JobSubmitter.failedEvent(ended, true, now));
                    jobs.save(ended);
                    return true;
                })
                .orElse(false));
        return Boolean.TRUE.equals(failed);
    }
}
