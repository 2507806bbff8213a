package dev.vodflow.transcode.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventIds;
import dev.vodflow.events.EventType;
import dev.vodflow.events.Topics;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeCompleted.Rendition;
import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import dev.vodflow.events.TranscodeFailed;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.testsupport.CommittedOpenApi;
import dev.vodflow.testsupport.ForgedTokens;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import dev.vodflow.transcode.TranscodeOrchestratorApplication;
import dev.vodflow.transcode.job.JobStatus;
import dev.vodflow.transcode.job.MediaConvertJobs;
import dev.vodflow.transcode.job.TranscodeJob;
import dev.vodflow.transcode.job.TranscodeJobs;
import dev.vodflow.transcode.state.JobEventsListener;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator as it runs: real Kafka, PostgreSQL, S3, SQS and the MediaConvert emulator running FFmpeg.
 * The application is started by hand (not as a cached test context) because one test stops and restarts it
 * mid-job; all tests share that one running instance otherwise.
 */
class OrchestratorIntegrationTests {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path clips;

    static LocalInfrastructure infra;
    static ConfigurableApplicationContext app;
    static TopicRecorder recorder;
    static KafkaProducer<String, String> producer;
    static MediaConvertClient mediaConvert;
    static final JsonMapper json = JsonMapper.builder().build();
    static final String DATABASE = "transcode_it_" + System.currentTimeMillis();

    @BeforeAll
    static void start() {
        infra = LocalInfrastructure.get();
        app = startOrchestrator();
        recorder = new TopicRecorder(
                infra.kafkaBootstrapServers(),
                List.of(
                        Topics.TRANSCODE_PROGRESS,
                        Topics.TRANSCODE_COMPLETED,
                        Topics.TRANSCODE_FAILED,
                        Topics.VIDEO_UPLOADED + ".transcode-orchestrator.dlt",
                        Topics.VIDEO_DELETED + ".transcode-orchestrator.dlt"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        mediaConvert = MediaConvertClient.builder()
                .endpointOverride(infra.mediaConvertEndpoint())
                .region(Region.of(infra.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(infra.accessKeyId(), infra.secretAccessKey())))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        recorder.close();
        producer.close();
        mediaConvert.close();
    }

    static ConfigurableApplicationContext startOrchestrator() {
        List<String> args = new ArrayList<>();
        infra.registerProperties((name, value) -> args.add("--" + name + "=" + value.get()), DATABASE);
        args.addAll(List.of(
                "--server.port=0",
                "--vodflow.transcode.reconcile.interval=1s",
                "--vodflow.transcode.reconcile.quiet-after=4s",
                "--vodflow.transcode.job-events.wait-time=1s",
                "--vodflow.transcode.create-job.initial-backoff=100ms",
                "--vodflow.transcode.create-job.max-backoff=1s",
                "--vodflow.transcode.create-job.max-attempts=8",
                "--vodflow.transcode.create-job.breaker-window=10",
                "--vodflow.transcode.create-job.breaker-open-for=3s",
                "--vodflow.transcode.metrics-refresh=1s"));
        return new SpringApplicationBuilder(TranscodeOrchestratorApplication.class).run(args.toArray(String[]::new));
    }

    // --- the ladder, adapted to the source ---

    @Test
    void theApiIsTheCommittedOpenApiDocument() {
        CommittedOpenApi.assertCommitted(
                "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"),
                "transcode-orchestrator",
                "OrchestratorIntegrationTests");
    }

    @Test
    void everyForgedOrMisdirectedTokenIsRefusedWith401Problem() throws Exception {
        ForgedTokens.assertAllRefused(
                "GET",
                URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
                        + "/jobs/any-video"));
    }

    @Test
    void a720pClipEndsAsOneCompletionWithThreeRungsAnMp4AndThumbnails() {
        VideoUploaded uploaded = upload(Clips.video(clips, 1280, 720, 4), "video/mp4");

        TranscodeCompleted completed = awaitCompleted(uploaded.videoId());

        assertThat(hls(completed))
                .extracting(Rendition::width, Rendition::height)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(640, 360),
                        org.assertj.core.groups.Tuple.tuple(960, 540),
                        org.assertj.core.groups.Tuple.tuple(1280, 720));
        assertThat(hls(completed)).allSatisfy(r -> {
            assertThat(r.bitrate()).isPositive();
            assertThat(r.codecs()).contains("avc1").contains("mp4a");
            assertThat(exists(r.path())).as(r.path()).isTrue();
        });
        assertThat(mp4(completed)).singleElement().satisfies(r -> {
            assertThat(r.width()).isEqualTo(1280);
            assertThat(r.height()).isEqualTo(720);
            // outside output/{id}/, which the playback cookies open: only a signed download link reaches it
            assertThat(r.path()).startsWith("download/" + uploaded.videoId() + "/mp4/");
            assertThat(exists(r.path())).isTrue();
        });
        assertThat(completed.thumbnails()).isNotEmpty().allSatisfy(t -> assertThat(exists(t.path()))
                .isTrue());
        assertThat(completed.thumbnails().get(0).timeMs()).isZero();
        // The default template packages the ladder as CMAF: one set of segments, an HLS and a DASH manifest.
        assertThat(completed.hlsMasterPath()).isEqualTo("output/" + uploaded.videoId() + "/cmaf/master.m3u8");
        assertThat(completed.dashManifestPath()).isEqualTo("output/" + uploaded.videoId() + "/cmaf/master.mpd");
        assertThat(exists(completed.dashManifestPath())).isTrue();
        assertThat(completed.durationMs()).isBetween(3_500L, 4_500L);
        assertThat(completed.source()).isEqualTo(new TranscodeCompleted.Dimensions(1280, 720));
        assertThat(recorder.of(Topics.TRANSCODE_COMPLETED, uploaded.videoId())).hasSize(1);
        assertThat(recorder.of(Topics.TRANSCODE_PROGRESS, uploaded.videoId())).isNotEmpty();

        Map<?, ?> view =
                get("/jobs/" + uploaded.videoId(), TestJwts.token("alice")).getBody();
        assertThat(view.get("status")).isEqualTo("COMPLETE");
        assertThat(post("/jobs/" + uploaded.videoId() + "/retry", TestJwts.token("ops", "admin"))
                        .value())
                .as("a completed video is not retried")
                .isEqualTo(409);
    }

    @Test
    void a2160pClipGetsEveryRungUpTo2160p() {
        // One second at 25 fps: six rungs of 25 frames keep this cheap on a shared machine.
        VideoUploaded uploaded = upload(Clips.video(clips, 3840, 2160, 1), "video/mp4");

        TranscodeCompleted completed = awaitCompleted(uploaded.videoId());

        assertThat(hls(completed))
                .extracting(Rendition::height)
                .containsExactlyInAnyOrder(360, 540, 720, 1080, 1440, 2160);
        assertThat(hls(completed))
                .allSatisfy(r -> assertThat(exists(r.path())).as(r.path()).isTrue());
    }

    @Test
    void a360pClipGetsNoUpscaledRungs() {
        VideoUploaded uploaded = upload(Clips.video(clips, 640, 360, 2), "video/mp4");

        TranscodeCompleted completed = awaitCompleted(uploaded.videoId());

        assertThat(hls(completed))
                .extracting(Rendition::width, Rendition::height)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(640, 360));
        assertThat(mp4(completed)).allSatisfy(r -> assertThat(r.height()).isLessThanOrEqualTo(360));
    }

    @Test
    void aPortraitClipStaysPortrait() {
        VideoUploaded uploaded = upload(Clips.video(clips, 360, 640, 2), "video/mp4");

        TranscodeCompleted completed = awaitCompleted(uploaded.videoId());

        assertThat(completed.renditions()).isNotEmpty().allSatisfy(r -> assertThat(r.height())
                .isGreaterThan(r.width()));
        assertThat(hls(completed))
                .extracting(Rendition::width, Rendition::height)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(360, 640));
        assertThat(completed.source()).isEqualTo(new TranscodeCompleted.Dimensions(360, 640));
    }

    @Test
    void anAudioOnlyFileCompletesWithAnAudioRendition() {
        VideoUploaded uploaded = upload(Clips.audio(clips, 3), "audio/mp4");

        TranscodeCompleted completed = awaitCompleted(uploaded.videoId());

        assertThat(completed.renditions()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(RenditionKind.HLS);
            assertThat(r.width()).isZero();
            assertThat(r.height()).isZero();
            assertThat(r.codecs()).contains("mp4a");
            assertThat(exists(r.path())).isTrue();
        });
        assertThat(completed.thumbnails()).isEmpty();
        assertThat(completed.source()).isEqualTo(new TranscodeCompleted.Dimensions(0, 0));
    }

    // --- failures ---

    @Test
    void aTextFileRenamedMp4FailsOnceWithAnInputErrorAndIsNotRetried() {
        VideoUploaded uploaded = upload(Clips.text(clips), "video/mp4");

        TranscodeFailed failed = awaitFailed(uploaded.videoId());

        assertThat(failed.errorCode()).isEqualTo("SOURCE_NOT_MEDIA");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.message()).contains("not a video or audio file");
        assertThat(jobsOf(uploaded.videoId())).singleElement().satisfies(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.jobId())
                    .as("no MediaConvert job for a file that is not media")
                    .isNull();
        });
        assertThat(recorder.of(Topics.TRANSCODE_FAILED, uploaded.videoId())).hasSize(1);

        // Operators: only the owner or an admin sees it, only an admin retries it.
        assertThat(get("/jobs/" + uploaded.videoId(), TestJwts.token("mallory"))
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        assertThat(post("/jobs/" + uploaded.videoId() + "/retry", TestJwts.token("alice"))
                        .value())
                .isEqualTo(403);
        assertThat(post("/jobs/" + uploaded.videoId() + "/retry", TestJwts.token("ops", "admin"))
                        .value())
                .isEqualTo(202);
        await().atMost(JOB_TIMEOUT)
                .until(() ->
                        recorder.of(Topics.TRANSCODE_FAILED, uploaded.videoId()).size() == 2);
        Map<?, ?> view = get("/jobs/" + uploaded.videoId(), TestJwts.token("ops", "admin"))
                .getBody();
        assertThat((List<?>) view.get("attempts")).hasSize(2);
        assertThat(get("/jobs/not*an*id", TestJwts.token("ops", "admin"))
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
    }

    @Test
    void anUnreadableVideoUploadedGoesToTheDeadLetterTopicAndThePartitionMovesOn() {
        String videoId = UUID.randomUUID().toString();
        ProducerRecord<String, String> garbage =
                new ProducerRecord<>(Topics.VIDEO_UPLOADED, videoId, "{\"videoId\": 42, oops");
        Map.of(
                        CloudEventEnvelope.SPEC_VERSION_HEADER,
                        "1.0",
                        CloudEventEnvelope.ID_HEADER,
                        UUID.randomUUID().toString(),
                        CloudEventEnvelope.TYPE_HEADER,
                        EventType.VIDEO_UPLOADED.type(),
                        CloudEventEnvelope.SOURCE_HEADER,
                        Topics.UPLOAD_SERVICE,
                        CloudEventEnvelope.TIME_HEADER,
                        Instant.now().toString(),
                        CloudEventEnvelope.CONTENT_TYPE_HEADER,
                        CloudEventEnvelope.CONTENT_TYPE)
                .forEach((k, v) -> garbage.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        send(garbage);
        VideoUploaded next = upload(Clips.video(clips, 320, 180, 2), "video/mp4", videoId);

        await().atMost(Duration.ofMinutes(1))
                .until(() -> !recorder.of(Topics.VIDEO_UPLOADED + ".transcode-orchestrator.dlt", videoId)
                        .isEmpty());
        TopicRecorder.Received dead = recorder.of(Topics.VIDEO_UPLOADED + ".transcode-orchestrator.dlt", videoId)
                .get(0);
        assertThat(dead.value()).isEqualTo("{\"videoId\": 42, oops");
        assertThat(dead.headers().get("kafka_dlt-exception-message")).contains("body check failed");
        awaitCompleted(next.videoId());
    }

    // --- exactly once, whatever happens ---

    @Test
    void videoUploadedDeliveredTwiceCreatesOneJob() {
        VideoUploaded uploaded = upload(Clips.video(clips, 320, 180, 2), "video/mp4");
        publish(uploaded);

        awaitCompleted(uploaded.videoId());
        awaitJobEventsDrained();

        assertThat(jobsOf(uploaded.videoId())).hasSize(1);
        assertThat(emulatorJobsOf(uploaded.videoId())).hasSize(1);
        assertThat(recorder.of(Topics.TRANSCODE_COMPLETED, uploaded.videoId())).hasSize(1);
    }

    @Test
    void withHalfOfCreateJobCallsThrottledEveryVideoCompletesAndCallsAreBounded() {
        int videos = 5;
        int maxAttemptsPerVideo = 8;
        double callsBefore = createJobCalls();
        infra.mediaConvert().throttleShare(0.5);
        List<VideoUploaded> uploads = new ArrayList<>();
        try {
            for (int i = 0; i < videos; i++) {
                uploads.add(upload(Clips.video(clips, 320, 180, 2), "video/mp4"));
            }
            await().atMost(JOB_TIMEOUT).until(() -> uploads.stream()
                    .allMatch(u -> jobsOf(u.videoId()).stream().anyMatch(j -> j.jobId() != null)));
        } finally {
            infra.mediaConvert().throttleShare(0.0);
        }

        uploads.forEach(u -> awaitCompleted(u.videoId()));

        double calls = createJobCalls() - callsBefore;
        assertThat(calls).isGreaterThanOrEqualTo(videos).isLessThanOrEqualTo(videos * maxAttemptsPerVideo);
        uploads.forEach(u -> {
            assertThat(emulatorJobsOf(u.videoId())).hasSize(1);
            assertThat(recorder.of(Topics.TRANSCODE_COMPLETED, u.videoId())).hasSize(1);
        });
    }

    @Test
    void whileTheBreakerIsOpenUploadsWaitAndNothingIsLost() {
        MediaConvertJobs mediaConvertJobs = app.getBean(MediaConvertJobs.class);
        infra.mediaConvert().throttleShare(1.0);
        VideoUploaded uploaded;
        try {
            uploaded = upload(Clips.video(clips, 320, 180, 2), "video/mp4");
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> mediaConvertJobs.breakerState() == CircuitBreaker.State.OPEN);
            assertThat(jobsOf(uploaded.videoId())).singleElement().satisfies(job -> {
                assertThat(job.status()).isEqualTo(JobStatus.PENDING);
                assertThat(job.jobId()).isNull();
            });
        } finally {
            infra.mediaConvert().throttleShare(0.0);
        }

        awaitCompleted(uploaded.videoId());

        // Half-open lets a couple of calls through to decide; one success may leave it there.
        assertThat(mediaConvertJobs.breakerState()).isNotEqualTo(CircuitBreaker.State.OPEN);
        assertThat(emulatorJobsOf(uploaded.videoId())).hasSize(1);
        assertThat(recorder.of(Topics.TRANSCODE_FAILED, uploaded.videoId())).isEmpty();
    }

    @Test
    void lostJobStateEventsAreMadeUpForByTheReconciler() {
        JobEventsListener listener = app.getBean(JobEventsListener.class);
        listener.stop();
        VideoUploaded uploaded;
        try {
            uploaded = upload(Clips.video(clips, 320, 180, 2), "video/mp4");

            TranscodeCompleted completed = awaitCompleted(uploaded.videoId());

            assertThat(hls(completed)).isNotEmpty();
            assertThat(completed.thumbnails()).isNotEmpty();
        } finally {
            dropJobEvents();
            listener.start();
        }
        assertThat(recorder.of(Topics.TRANSCODE_COMPLETED, uploaded.videoId())).hasSize(1);
    }

    @Test
    void stoppedAndRestartedMidJobStillPublishesExactlyOneCompletion() {
        VideoUploaded uploaded = upload(Clips.video(clips, 640, 360, 6), "video/mp4");
        await().atMost(JOB_TIMEOUT)
                .until(() -> jobsOf(uploaded.videoId()).stream().anyMatch(j -> j.jobId() != null));
        String jobId = jobsOf(uploaded.videoId()).get(0).jobId();

        app.close();
        try {
            await().atMost(JOB_TIMEOUT).until(() -> mediaConvert
                    .getJob(b -> b.id(jobId))
                    .job()
                    .statusAsString()
                    .equals("COMPLETE"));
        } finally {
            app = startOrchestrator();
        }

        awaitCompleted(uploaded.videoId());
        awaitJobEventsDrained();
        assertThat(recorder.of(Topics.TRANSCODE_COMPLETED, uploaded.videoId())).hasSize(1);
    }

    @Test
    void deletingAVideoMidTranscodeCancelsItsJobLeavesNoOutputsAndAReplayDoesNotBringItBack() {
        VideoUploaded uploaded = upload(Clips.video(clips, 640, 360, 30), "video/mp4");
        String videoId = uploaded.videoId();
        await().atMost(JOB_TIMEOUT)
                .until(() -> jobsOf(videoId).stream().anyMatch(j -> j.status() == JobStatus.PROGRESSING));
        String jobId = jobsOf(videoId).get(0).jobId();

        publish(new VideoDeleted(UUID.randomUUID().toString(), videoId, "alice", Instant.now()));

        await().atMost(JOB_TIMEOUT).until(() -> mediaConvert
                .getJob(b -> b.id(jobId))
                .job()
                .statusAsString()
                .equals("CANCELED"));
        await().atMost(JOB_TIMEOUT).until(() -> jobsOf(videoId).get(0).status() == JobStatus.CANCELED);
        for (String prefix : List.of("output/" + videoId + "/", "download/" + videoId + "/")) {
            await().atMost(JOB_TIMEOUT).until(() -> infra.s3()
                    .listObjectsV2(b -> b.bucket(infra.bucket()).prefix(prefix))
                    .contents()
                    .isEmpty());
        }

        // The upload delivered again (a replay of the topic) starts nothing.
        publish(uploaded);
        awaitConsumed(Topics.VIDEO_UPLOADED);
        assertThat(jobsOf(videoId)).hasSize(1);
        assertThat(emulatorJobsOf(videoId)).hasSize(1);
        assertThat(recorder.of(Topics.TRANSCODE_COMPLETED, videoId)).isEmpty();
    }

    @Test
    void aDeletionNamingAnotherOwnerIsDeadLetteredAndChangesNothing() {
        VideoUploaded uploaded = upload(Clips.video(clips, 320, 180, 2), "video/mp4");
        TranscodeCompleted completed = awaitCompleted(uploaded.videoId());
        VideoDeleted forged =
                new VideoDeleted(UUID.randomUUID().toString(), uploaded.videoId(), "mallory", Instant.now());

        publish(forged);

        await().atMost(JOB_TIMEOUT)
                .until(() -> !recorder.of(Topics.VIDEO_DELETED + ".transcode-orchestrator.dlt", uploaded.videoId())
                        .isEmpty());
        assertThat(exists(completed.hlsMasterPath())).isTrue();
    }

    @Test
    void metricsAreVisibleAtThePrometheusEndpoint() {
        String videoId = upload(Clips.video(clips, 320, 180, 2), "video/mp4").videoId();
        awaitCompleted(videoId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus())
                .contains("vodflow_transcode_jobs{")
                .containsPattern("vodflow_transcode_jobs\\{[^}]*state=\"COMPLETE\"[^}]*} [1-9]")
                .contains("transcode_createjob_attempts_total{")
                .contains("resilience4j_circuitbreaker_state{")
                .contains("transcode_submit_latency_seconds_count")
                .containsPattern("vodflow_transcode_duration_per_source_minute_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("vodflow_mediaconvert_call_seconds_count\\{[^}]*operation=\"CreateJob\"[^}]*} [1-9]")
                .containsPattern(
                        "vodflow_sqs_message_age_seconds_count\\{[^}]*queue=\"mediaconvert-events\"[^}]*} [1-9]")
                .containsPattern("vodflow_sqs_queue_messages\\{[^}]*queue=\"mediaconvert-events\"")
                .containsPattern("vodflow_kafka_consumer_lag_records\\{[^}]*group=\"transcode-orchestrator\""));
    }

    @Test
    void theJobCarriesTheTraceOfTheUploadInItsUserMetadata() {
        String videoId = upload(Clips.video(clips, 320, 180, 1), "video/mp4").videoId();
        awaitCompleted(videoId);

        assertThat(emulatorJobsOf(videoId)).isNotEmpty().allSatisfy(job -> assertThat(
                        job.userMetadata().get("traceparent"))
                .as("the W3C trace context of the job's submission")
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
    }

    // --- helpers ---

    static TranscodeCompleted awaitCompleted(String videoId) {
        await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(recorder.of(Topics.TRANSCODE_FAILED, videoId))
                    .as("transcode.failed for %s", videoId)
                    .isEmpty();
            return !recorder.of(Topics.TRANSCODE_COMPLETED, videoId).isEmpty();
        });
        return json.readValue(
                recorder.of(Topics.TRANSCODE_COMPLETED, videoId).get(0).value(), TranscodeCompleted.class);
    }

    static TranscodeFailed awaitFailed(String videoId) {
        await().atMost(JOB_TIMEOUT)
                .until(() -> !recorder.of(Topics.TRANSCODE_FAILED, videoId).isEmpty());
        return json.readValue(
                recorder.of(Topics.TRANSCODE_FAILED, videoId).get(0).value(), TranscodeFailed.class);
    }

    static VideoUploaded upload(Path file, String contentType) {
        return upload(file, contentType, UUID.randomUUID().toString());
    }

    static VideoUploaded upload(Path file, String contentType, String videoId) {
        String key = "input/" + videoId + "/" + file.getFileName();
        PutObjectResponse put =
                infra.s3().putObject(b -> b.bucket(infra.bucket()).key(key).contentType(contentType), file);
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        VideoUploaded event = new VideoUploaded(
                EventIds.videoUploaded(infra.bucket(), key, put.eTag()),
                videoId,
                "alice",
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "Test " + file.getFileName(),
                file.getFileName().toString(),
                contentType,
                infra.bucket(),
                key,
                size,
                put.eTag(),
                VideoUploaded.Origin.API);
        publish(event);
        return event;
    }

    static void publish(VideoUploaded event) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(Topics.VIDEO_UPLOADED, event.videoId(), json.writeValueAsString(event));
        CloudEventEnvelope.of(event, "/vodflow/upload-service").toHeaders().forEach((k, v) -> record.headers()
                .add(k, v.getBytes(StandardCharsets.UTF_8)));
        send(record);
    }

    static void publish(VideoDeleted event) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(Topics.VIDEO_DELETED, event.videoId(), json.writeValueAsString(event));
        CloudEventEnvelope.of(event, "/vodflow/catalog-service").toHeaders().forEach((k, v) -> record.headers()
                .add(k, v.getBytes(StandardCharsets.UTF_8)));
        send(record);
    }

    static void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Rendition> hls(TranscodeCompleted completed) {
        return completed.renditions().stream()
                .filter(r -> r.kind() == RenditionKind.HLS)
                .toList();
    }

    static List<Rendition> mp4(TranscodeCompleted completed) {
        return completed.renditions().stream()
                .filter(r -> r.kind() == RenditionKind.MP4)
                .toList();
    }

    static boolean exists(String key) {
        try {
            infra.s3().headObject(b -> b.bucket(infra.bucket()).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    static List<TranscodeJob> jobsOf(String videoId) {
        return app.getBean(TranscodeJobs.class).findByVideoIdOrderByAttemptAsc(videoId);
    }

    static List<Job> emulatorJobsOf(String videoId) {
        return mediaConvert.listJobsPaginator(b -> b.maxResults(20)).jobs().stream()
                .filter(j -> j.userMetadata() != null
                        && videoId.equals(j.userMetadata().get("videoId")))
                .toList();
    }

    static double createJobCalls() {
        return app.getBean(MeterRegistry.class).find("transcode.createjob.attempts").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Until the orchestrator has committed every record of {@code topic} sent so far. */
    static void awaitConsumed(String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            await().atMost(JOB_TIMEOUT).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                "transcode-orchestrator")
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                return admin.listOffsets(latest).all().get().entrySet().stream()
                        .allMatch(end -> end.getValue().offset() == 0
                                || (committed.get(end.getKey()) != null
                                        && committed.get(end.getKey()).offset()
                                                >= end.getValue().offset()));
            });
        }
    }

    /** Until every job state event sent so far has been consumed and deleted. */
    static void awaitJobEventsDrained() {
        String queue = infra.queueUrl("mediaconvert-events");
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            Map<QueueAttributeName, String> attributes = infra.sqs()
                    .getQueueAttributes(b -> b.queueUrl(queue)
                            .attributeNames(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            return attributes
                            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                            .equals("0")
                    && attributes
                            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                            .equals("0");
        });
    }

    /** The events nobody consumed while the listener was stopped are lost, as if EventBridge had dropped them. */
    static void dropJobEvents() {
        String queue = infra.queueUrl("mediaconvert-events");
        List<Message> messages;
        do {
            messages = infra.sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message message : messages) {
                infra.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        } while (!messages.isEmpty());
    }

    static RestClient http() {
        return RestClient.builder()
                .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
    }

    static ResponseEntity<Map> get(String path, String token) {
        return http().get()
                .uri(path)
                .header("Authorization", "Bearer " + token)
                .retrieve()
                .toEntity(Map.class);
    }

    static HttpStatusCode post(String path, String token) {
        return http().post()
                .uri(path)
                .header("Authorization", "Bearer " + token)
                .retrieve()
                .toBodilessEntity()
                .getStatusCode();
    }

    static String prometheus() {
        return http().get().uri("/actuator/prometheus").retrieve().body(String.class);
    }
}
