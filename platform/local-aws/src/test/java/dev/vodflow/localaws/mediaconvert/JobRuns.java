package dev.vodflow.localaws.mediaconvert;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/** Submitting a job and waiting for its end, for the integration tests. */
final class JobRuns {

    private JobRuns() {}

    static Job runToEnd(EmulatorFixture fixture, CreateJobRequest request) {
        String id = fixture.client.createJob(request).job().id();
        return awaitEnd(fixture, id);
    }

    /**
     * The job once it has ended. A job that still moves (its phase or percentage changes) is waited for: on a
     * machine shared with other builds a niced transcode may take many times its usual minutes. One that has not
     * moved for {@link #STALLED} has hung, and fails the test, as does one that has not ended after {@link #AT_MOST}.
     */
    static Job awaitEnd(EmulatorFixture fixture, String id) {
        AtomicReference<String> lastProgress = new AtomicReference<>("");
        AtomicLong movedAt = new AtomicLong(System.nanoTime());
        return await().atMost(AT_MOST)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            Job job = fixture.client.getJob(b -> b.id(id)).job();
                            String progress = job.status() + " " + job.currentPhase() + " " + job.jobPercentComplete();
                            if (!progress.equals(lastProgress.getAndSet(progress))) {
                                movedAt.set(System.nanoTime());
                            } else if (System.nanoTime() - movedAt.get() > STALLED.toNanos()) {
                                throw new AssertionError(
                                        "job " + id + " has not moved for " + STALLED + ": " + progress);
                            }
                            return job;
                        },
                        JobRuns::ended);
    }

    /** How long a job may stay at the same phase and percentage before the test calls it hung. */
    static final Duration STALLED = Duration.ofMinutes(3);

    /** How long any job may take in all. */
    static final Duration AT_MOST = Duration.ofMinutes(15);

    static boolean ended(Job job) {
        return job.status() == JobStatus.COMPLETE
                || job.status() == JobStatus.ERROR
                || job.status() == JobStatus.CANCELED;
    }
}
