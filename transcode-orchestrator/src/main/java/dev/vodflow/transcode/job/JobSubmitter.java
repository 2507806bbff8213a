package dev.vodflow.transcode.job;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.TranscodeFailed;
import dev.vodflow.transcode.events.TranscodeEvents;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;

/**
 * Takes a pending attempt to a created MediaConvert job: probe the source, adapt the ladder, CreateJob, record
 * the job id. Safe to run again for the same attempt at any point (redelivered record, reconciler, crash after
 * CreateJob): within about a minute the client request token makes MediaConvert answer with the job it already
 * created; after that only a search finds it, so an attempt older than that looks for its job among the queue's
 * jobs (by the attempt's user metadata) before creating one.
 */
public class JobSubmitter {

    private static final Logger log = LoggerFactory.getLogger(JobSubmitter.class);
    static final String CREATE_JOB_REJECTED = "CREATE_JOB_REJECTED";

    /**
     * How long after an attempt was written the client request token alone is trusted to prevent a second job.
     * MediaConvert honours a token for about a minute; this stays well inside that.
     */
    static final Duration TOKEN_TRUSTED_FOR = Duration.ofSeconds(30);

    /** Clocks of MediaConvert and this service differ a little; an earlier job may look that much older. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final TranscodeJobs jobs;
    private final MediaProbe probe;
    private final Ladder ladder;
    private final JobRequests requests;
    private final MediaConvertJobs mediaConvert;
    private final TranscodeEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String outputBucket;
    private final Timer submitLatency;

    JobSubmitter(
            TranscodeJobs jobs,
            MediaProbe probe,
            Ladder ladder,
            JobRequests requests,
            MediaConvertJobs mediaConvert,
            TranscodeEvents events,
            TransactionTemplate tx,
            Clock clock,
            String outputBucket,
            Timer submitLatency) {
        this.jobs = jobs;
        this.probe = probe;
        this.ladder = ladder;
        this.requests = requests;
        this.mediaConvert = mediaConvert;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.outputBucket = outputBucket;
        this.submitLatency = submitLatency;
    }

    /**
     * @throws RuntimeException a transient failure (see {@link Transience}): nothing was decided, try again later
     */
    public void submit(TranscodeJob job) {
        if (job.status() != JobStatus.PENDING) {
            return;
        }
        SourceMedia source;
        OutputPlan plan;
        try {
            source = probe.probe(job.sourceBucket(), job.sourceKey());
            plan = ladder.plan(source);
        } catch (SourceRefusedException e) {
            log.info("Refusing video {} attempt {}: {} {}", job.videoId(), job.attempt(), e.code(), e.getMessage());
            fail(job, e.code(), e.getMessage(), false);
            return;
        }
        CreateJobRequest request = requests.build(job, outputBucket, plan);
        Job created;
        try {
            created = earlierJob(job, request).orElseGet(() -> mediaConvert.createJob(request));
        } catch (SdkServiceException e) {
            if (Transience.isTransient(e)) {
                throw e;
            }
            String reason = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorMessage()
                    : e.getMessage();
            log.error("MediaConvert refused the job of video {} attempt {}: {}", job.videoId(), job.attempt(), reason);
            fail(job, CREATE_JOB_REJECTED, "The transcoding service refused the job: " + reason, true);
            return;
        }
        Instant now = clock.instant();
        Recorded recorded = tx.execute(status -> jobs.lock(job.videoId(), job.attempt())
                .map(current -> {
                    if (current.status().terminal()) {
                        return Recorded.ENDED_MEANWHILE;
                    }
                    boolean first = current.submittedAt() == null;
                    jobs.save(current.probed(source, now).submitted(created.id(), now));
                    return first ? Recorded.FIRST : Recorded.AGAIN;
                })
                .orElse(Recorded.AGAIN));
        if (recorded == Recorded.ENDED_MEANWHILE) {
            // The attempt ended while the job was being created (the video was deleted): the job must not run.
            log.info("Canceling job {} of video {}: the attempt ended meanwhile", created.id(), job.videoId());
            mediaConvert.cancelJob(created.id());
            return;
        }
        if (recorded == Recorded.FIRST) {
            submitLatency.record(Duration.between(job.uploadedAt(), now));
            log.info("Video {} attempt {} is MediaConvert job {}", job.videoId(), job.attempt(), created.id());
        }
    }

    /**
     * The job this attempt created before (the service stopped between CreateJob and recording the id), once the
     * token can no longer be relied on to return it. A fresh attempt skips the search: nothing could have created
     * its job yet but this call.
     */
    private Optional<Job> earlierJob(TranscodeJob job, CreateJobRequest request) {
        if (job.createdAt() == null || clock.instant().isBefore(job.createdAt().plus(TOKEN_TRUSTED_FOR))) {
            return Optional.empty();
        }
        Optional<Job> earlier =
                mediaConvert.findCreated(request, job.createdAt().minus(CLOCK_SKEW));
        earlier.ifPresent(found -> log.info(
                "Video {} attempt {} already has MediaConvert job {}; not creating another",
                job.videoId(),
                job.attempt(),
                found.id()));
        return earlier;
    }

    private enum Recorded {
        FIRST,
        AGAIN,
        ENDED_MEANWHILE
    }

    /** Ends the attempt before any job exists and tells everyone why; nothing happens if it already ended. */
    void fail(TranscodeJob job, String code, String message, boolean retryable) {
        tx.executeWithoutResult(status -> jobs.lock(job.videoId(), job.attempt())
                .filter(current -> !current.status().terminal())
                .ifPresent(current -> {
                    Instant now = clock.instant();
                    TranscodeJob failed = current.ended(null, JobStatus.FAILED, code, message, now);
                    events.publish(failedEvent(failed, retryable, now));
                    jobs.save(failed);
                }));
    }

    /** The {@code transcode.failed} of an attempt; its id is fixed per attempt, so a repeat is dropped downstream. */
    public static TranscodeFailed failedEvent(TranscodeJob job, boolean retryable, Instant now) {
        return new TranscodeFailed(
                EventIds.nameBased("transcode.failed", job.videoId(), Integer.toString(job.attempt())),
                job.videoId(),
                job.ownerId(),
                now,
                job.jobId(),
                job.errorCode(),
                job.errorMessage(),
                job.attempt(),
                retryable);
    }
}
