package dev.vodflow.transcode.state;

import dev.vodflow.transcode.job.JobStatus;
import dev.vodflow.transcode.job.JobSubmitter;
import dev.vodflow.transcode.job.MediaConvertJobs;
import dev.vodflow.transcode.job.TranscodeJob;
import dev.vodflow.transcode.job.TranscodeJobs;
import dev.vodflow.transcode.job.TranscodeProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Makes sure no video stays stuck when an event is lost: attempts nothing was heard of for a while are looked up
 * with GetJob and what MediaConvert says is applied like an event; pending attempts are submitted again (same
 * token, same job); attempts open past the hard limit are failed with a reason and their job canceled.
 */
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final int BATCH = 50;

    private final TranscodeJobs jobs;
    private final MediaConvertJobs mediaConvert;
    private final StateApplier applier;
    private final JobSubmitter submitter;
    private final TranscodeProperties.Reconcile settings;
    private final Clock clock;

    Reconciler(
            TranscodeJobs jobs,
            MediaConvertJobs mediaConvert,
            StateApplier applier,
            JobSubmitter submitter,
            TranscodeProperties.Reconcile settings,
            Clock clock) {
        this.jobs = jobs;
        this.mediaConvert = mediaConvert;
        this.applier = applier;
        this.submitter = submitter;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${vodflow.transcode.reconcile.interval}",
            fixedDelayString = "${vodflow.transcode.reconcile.interval}")
    public void reconcile() {
        Instant now = clock.instant();
        List<TranscodeJob> quiet = jobs.findQuiet(now.minus(settings.quietAfter()), BATCH);
        for (TranscodeJob job : quiet) {
            try {
                reconcile(job, now);
            } catch (RuntimeException e) {
                log.warn("Cannot reconcile video {} attempt {}: {}", job.videoId(), job.attempt(), e.toString());
            }
        }
    }

    private void reconcile(TranscodeJob job, Instant now) {
        if (job.createdAt().plus(settings.hardLimit()).isBefore(now)) {
            String message =
                    "Transcoding did not finish within " + settings.hardLimit().toMinutes()
                            + " minutes (last state " + job.status() + ", " + job.percent()
                            + "%); the job was stopped and an operator can retry it.";
            if (applier.failStuck(job, message) && job.jobId() != null) {
                try {
                    mediaConvert.cancelJob(job.jobId());
                } catch (RuntimeException e) {
                    log.warn("Could not cancel stuck job {}: {}", job.jobId(), e.toString());
                }
            }
            return;
        }
        if (job.status() == JobStatus.PENDING || job.jobId() == null) {
            submitter.submit(job);
            return;
        }
        JobStateChange change = JobStateEvents.fromJob(mediaConvert.getJob(job.jobId()), now);
        log.info(
                "Reconciling quiet job {} of video {}: MediaConvert says {}",
                job.jobId(),
                job.videoId(),
                change.status());
        applier.apply(change).ifPresent(submitter::submit);
    }
}
