package dev.vodflow.transcode.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeFailed;
import dev.vodflow.events.TranscodeProgress;
import dev.vodflow.transcode.job.DeletedVideos;
import dev.vodflow.transcode.job.InMemoryTranscodeJobs;
import dev.vodflow.transcode.job.JobStatus;
import dev.vodflow.transcode.job.NoTransactions;
import dev.vodflow.transcode.job.RecordedEvents;
import dev.vodflow.transcode.job.TranscodeJob;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StateApplierTests {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final InMemoryTranscodeJobs jobs = new InMemoryTranscodeJobs();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordedEvents events = new RecordedEvents();
    private boolean outputsPresent = true;
    private final CompletionReport completion = new CompletionReport(null, "bucket", 5_000) {
        @Override
        Optional<TranscodeCompleted> build(TranscodeJob job, JobStateChange change, Instant now) {
            if (!outputsPresent) {
                return Optional.empty();
            }
            return Optional.of(new TranscodeCompleted(
                    "done-" + change.jobId(),
                    job.videoId(),
                    job.ownerId(),
                    now,
                    change.jobId(),
                    4_000,
                    new TranscodeCompleted.Dimensions(1280, 720),
                    "output/" + job.videoId() + "/hls/master.m3u8",
                    List.of(),
                    List.of()));
        }
    };
    private final StateApplier applier = applierAt(NOW);

    private StateApplier applierAt(Instant now) {
        return new StateApplier(
                jobs,
                events,
                completion,
                new ErrorCodes("1500-1599,1999,3400-3999"),
                3,
                new DeletedVideos() {
                    @Override
                    public boolean isDeleted(String videoId) {
                        return false;
                    }

                    @Override
                    public void jobEndedAfterDeletion(String videoId) {
                        throw new AssertionError("no video is deleted here");
                    }
                },
                NoTransactions.template(),
                Clock.fixed(now, ZoneOffset.UTC),
                new TranscodeSpeed(meters));
    }

    @BeforeEach
    void submittedJob() {
        TranscodeJob pending = jobs.save(TranscodeJob.pending("v1", 1, "alice", "b", "input/v1", "e1", NOW, NOW));
        jobs.save(pending.submitted("job-1", NOW));
    }

    private static JobStateChange change(String status, Integer percent, String errorCode) {
        return new JobStateChange(
                "job-1",
                status,
                NOW,
                "v1",
                1,
                percent,
                percent == null ? null : "TRANSCODING",
                errorCode,
                errorCode == null ? null : "boom",
                List.of());
    }

    private TranscodeJob attempt(int n) {
        return jobs.lock("v1", n).orElseThrow();
    }

    @Test
    void duplicatedCompleteEventsPublishOneCompletion() {
        applier.apply(change("COMPLETE", null, null));
        applier.apply(change("COMPLETE", null, null));

        assertThat(events.of(TranscodeCompleted.class)).hasSize(1);
        assertThat(attempt(1).status()).isEqualTo(JobStatus.COMPLETE);
    }

    @Test
    void aCompletionRecordsTranscodeSecondsPerMinuteOfSource() {
        applierAt(NOW.plusSeconds(30)).apply(change("COMPLETE", null, null));

        // 30 s for a 4 s source: 450 s per minute of source
        DistributionSummary speed = meters.get(TranscodeSpeed.METRIC).summary();
        assertThat(speed.count()).isEqualTo(1);
        assertThat(speed.max()).isCloseTo(450.0, within(0.001));
    }

    @Test
    void lateEventsNeverMoveAFinishedJobBack() {
        applier.apply(change("COMPLETE", null, null));
        applier.apply(change("STATUS_UPDATE", 40, null));
        applier.apply(change("ERROR", null, "1999"));
        applier.apply(change("PROGRESSING", null, null));

        assertThat(attempt(1).status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(events.published).hasSize(1);
    }

    @Test
    void aLateSubmittedDoesNotTakeAProgressingJobBack() {
        applier.apply(change("STATUS_UPDATE", 30, null));
        applier.apply(change("SUBMITTED", null, null));

        assertThat(attempt(1).status()).isEqualTo(JobStatus.PROGRESSING);
        assertThat(attempt(1).percent()).isEqualTo(30);
    }

    @Test
    void progressOnlyMovesForward() {
        applier.apply(change("STATUS_UPDATE", 20, null));
        applier.apply(change("STATUS_UPDATE", 60, null));
        applier.apply(change("STATUS_UPDATE", 40, null));
        applier.apply(change("STATUS_UPDATE", 60, null));

        assertThat(events.of(TranscodeProgress.class))
                .extracting(TranscodeProgress::percent)
                .containsExactly(20, 60);
        assertThat(attempt(1).percent()).isEqualTo(60);
        assertThat(attempt(1).status()).isEqualTo(JobStatus.PROGRESSING);
    }

    @Test
    void anInputErrorFailsTheVideoWithoutRetry() {
        Optional<TranscodeJob> next = applier.apply(change("ERROR", null, "1010"));

        assertThat(next).isEmpty();
        assertThat(jobs.findByVideoIdOrderByAttemptAsc("v1")).hasSize(1);
        assertThat(events.of(TranscodeFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.errorCode()).isEqualTo("1010");
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.message()).contains("could not be read");
        });
    }

    @Test
    void aServiceFaultStartsTheNextAttemptUntilAttemptsRunOut() {
        Optional<TranscodeJob> second = applier.apply(change("ERROR", null, "1999"));

        assertThat(second).hasValueSatisfying(job -> {
            assertThat(job.attempt()).isEqualTo(2);
            assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        });
        assertThat(events.published).isEmpty();

        jobs.save(attempt(2).submitted("job-2", NOW));
        applier.apply(
                new JobStateChange("job-2", "ERROR", NOW, "v1", 2, null, null, "3450", "write failed", List.of()));
        jobs.save(attempt(3).submitted("job-3", NOW));
        Optional<TranscodeJob> fourth = applier.apply(
                new JobStateChange("job-3", "ERROR", NOW, "v1", 3, null, null, "1999", "again", List.of()));

        assertThat(fourth).isEmpty();
        assertThat(events.of(TranscodeFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.attempt()).isEqualTo(3);
            assertThat(failed.retryable()).isTrue();
        });
    }

    @Test
    void aCompleteWithoutOutputsIsTreatedAsAServiceFault() {
        outputsPresent = false;

        Optional<TranscodeJob> next = applier.apply(change("COMPLETE", null, null));

        assertThat(next).isPresent();
        assertThat(attempt(1).errorCode()).isEqualTo(StateApplier.OUTPUTS_MISSING);
        assertThat(events.of(TranscodeCompleted.class)).isEmpty();
    }

    @Test
    void eventsOfOtherJobsAreIgnored() {
        applier.apply(
                new JobStateChange("someone-elses", "COMPLETE", NOW, null, null, null, null, null, null, List.of()));
        applier.apply(new JobStateChange("job-old", "COMPLETE", NOW, "v1", 1, null, null, null, null, List.of()));

        assertThat(events.published).isEmpty();
        assertThat(attempt(1).status()).isEqualTo(JobStatus.SUBMITTED);
    }

    @Test
    void anEventArrivingBeforeCreateJobWasRecordedFillsInTheJobId() {
        jobs.save(TranscodeJob.pending("v2", 1, "bob", "b", "input/v2", "e2", NOW, NOW));

        applier.apply(new JobStateChange("job-9", "PROGRESSING", NOW, "v2", 1, null, null, null, null, List.of()));

        TranscodeJob job = jobs.lock("v2", 1).orElseThrow();
        assertThat(job.jobId()).isEqualTo("job-9");
        assertThat(job.status()).isEqualTo(JobStatus.PROGRESSING);
        assertThat(job.submitted("job-9", NOW).status()).isEqualTo(JobStatus.PROGRESSING);
    }

    @Test
    void aStuckJobIsFailedOnceWithAReason() {
        assertThat(applier.failStuck(attempt(1), "Transcoding did not finish within 120 minutes"))
                .isTrue();
        assertThat(applier.failStuck(attempt(1), "again")).isFalse();

        assertThat(events.of(TranscodeFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.errorCode()).isEqualTo("STUCK");
            assertThat(failed.message()).contains("120 minutes");
        });
    }
}
