package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.localaws.AdjustableClock;
import dev.vodflow.localaws.mediaconvert.MediaConvertEmulator;
import dev.vodflow.testsupport.LocalInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.Order;

/**
 * The orchestrator stops after CreateJob and before recording the job id, and comes back after MediaConvert has
 * forgotten the client request token (the emulator honours it for one minute, as AWS does): it must find the job
 * it created instead of paying for a second one.
 */
class CreateJobRecoveryIntegrationTests {

    static final AdjustableClock clock = new AdjustableClock();
    static MediaConvertEmulator emulator;
    static MediaConvertClient client;

    @BeforeAll
    static void startEmulator() {
        LocalInfrastructure infra = LocalInfrastructure.get();
        emulator = MediaConvertEmulator.start(
                MediaConvertEmulator.Config.of(
                        infra.s3Endpoint(), null, null, infra.region(), infra.accessKeyId(), infra.secretAccessKey()),
                clock);
        client = MediaConvertClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(infra.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(infra.accessKeyId(), infra.secretAccessKey())))
                .build();
    }

    @AfterAll
    static void stopEmulator() {
        client.close();
        emulator.close();
    }

    @Test
    void comingBackAfterTheTokenWindowFindsTheJobInsteadOfCreatingAnother() {
        StopsBeforeRecording jobs = new StopsBeforeRecording();
        TranscodeJob attempt = firstAttempt(jobs);
        String videoId = attempt.videoId();

        jobs.stopBeforeRecording = true;
        assertThatThrownBy(() -> submitter(jobs).submit(attempt)).hasMessageContaining("stopped");
        assertThat(jobsOf(videoId)).hasSize(1);

        clock.advance(Duration.ofMinutes(2));
        jobs.stopBeforeRecording = false;
        submitter(jobs).submit(jobs.findLatest(videoId).orElseThrow());

        List<Job> created = jobsOf(videoId);
        assertThat(created).hasSize(1);
        assertThat(jobs.findLatest(videoId).orElseThrow().jobId())
                .isEqualTo(created.get(0).id());
        assertThat(jobs.findLatest(videoId).orElseThrow().status()).isEqualTo(JobStatus.SUBMITTED);
    }

    @Test
    void aFreshAttemptCreatesItsJobWithoutSearching() {
        InMemoryTranscodeJobs jobs = new InMemoryTranscodeJobs();
        TranscodeJob attempt = firstAttempt(jobs);
        String videoId = attempt.videoId();

        submitter(jobs).submit(attempt);

        assertThat(jobsOf(videoId)).hasSize(1);
        assertThat(jobs.findLatest(videoId).orElseThrow().jobId())
                .isEqualTo(jobsOf(videoId).get(0).id());
    }

    /** Attempt 1 of a new video, just written, as Intake writes it. */
    private static TranscodeJob firstAttempt(TranscodeJobs jobs) {
        String videoId = "v" + UUID.randomUUID().toString().replace("-", "");
        return jobs.save(TranscodeJob.pending(
                videoId,
                1,
                "alice",
                "vodflow-media",
                "input/" + videoId + "/source",
                "uploaded-" + videoId,
                clock.instant(),
                clock.instant()));
    }

    private static List<Job> jobsOf(String videoId) {
        return client.listJobsPaginator(b -> b.order(Order.DESCENDING)).jobs().stream()
                .filter(job -> job.hasUserMetadata()
                        && videoId.equals(job.userMetadata().get(JobRequests.META_VIDEO_ID)))
                .toList();
    }

    private static JobSubmitter submitter(TranscodeJobs jobs) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new JobSubmitter(
                jobs,
                (bucket, key) -> SourceMedia.video(1280, 720, true, 10_000),
                TemplateFixtures.ladder(),
                new JobRequests(
                        TemplateFixtures.reference(),
                        new TranscodeProperties.MediaConvert("arn:aws:iam::000000000000:role/vodflow", null)),
                new MediaConvertJobs(client, Retry.ofDefaults("test"), CircuitBreaker.ofDefaults("test"), meters),
                new RecordedEvents(),
                NoTransactions.template(),
                clock,
                "vodflow-media",
                Timer.builder("test").register(meters));
    }

    /** Stops the submission where a crash would hurt most: the job exists, its id is not recorded yet. */
    static final class StopsBeforeRecording extends InMemoryTranscodeJobs {
        volatile boolean stopBeforeRecording;

        @Override
        public Optional<TranscodeJob> lock(String videoId, int attempt) {
            if (stopBeforeRecording) {
                throw new IllegalStateException("stopped before recording the job id");
            }
            return super.lock(videoId, attempt);
        }
    }
}
