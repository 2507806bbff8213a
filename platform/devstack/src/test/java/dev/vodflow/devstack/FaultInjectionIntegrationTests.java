package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.events.Topics;
import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalEnvironment;
import dev.vodflow.localaws.LocalPostgres;
import dev.vodflow.localaws.LocalWorld;
import dev.vodflow.localaws.VodflowService;
import dev.vodflow.localaws.mediaconvert.SampleClips;
import dev.vodflow.testsupport.TopicContents;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15.5-7: the whole dev stack, two JVMs of every service, on a PostgreSQL server of its own, while a stream of
 * small uploads flows through the API and the watch folder to a webhook subscriber; faults are injected one after
 * another ({@code kill -9} of an instance of each pipeline service, a Kafka broker restart, PostgreSQL down for 30 s,
 * the SQS stand-in restarted, a MediaConvert throttling storm, the webhook receiver down for a minute). At the end,
 * from outside the services: nothing lost, nothing doubled (Kafka from offset 0, the catalog API, the emulator's job
 * list, the receiver's log, every dead-letter topic and queue, the catalog's fingerprint across a full replay). Runs
 * in its own failsafe execution: its stack is on the dev stack's fixed ports, like the shared one.
 */
@Tag("faults")
class FaultInjectionIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(FaultInjectionIntegrationTests.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    private static final int INSTANCES = Integer.getInteger("faults.instances", 2);
    private static final int UPLOADS = Integer.getInteger("faults.uploads", 32);
    private static final Duration UPLOAD_EVERY = Duration.ofMillis(3000);
    private static final Duration ABANDONED_EXPIRY = Duration.ofMinutes(5);
    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target/faults").toAbsolutePath();
    private static final List<String> WEBHOOK_TOPICS =
            List.of(Topics.VIDEO_UPLOADED, Topics.TRANSCODE_COMPLETED, Topics.TRANSCODE_FAILED);

    /**
     * The stack's own settings, shortened so that each fault is noticed and recovered from in seconds rather than the
     * production minutes (consumer sessions, SQS visibility, back-offs, the reconciler's round, webhook retries).
     */
    private static Map<String, Map<String, String>> serviceProperties() {
        Map<String, String> kafka = Map.of(
                "spring.cloud.stream.kafka.binder.consumer-properties[session.timeout.ms]", "8000",
                "spring.cloud.stream.kafka.binder.consumer-properties[heartbeat.interval.ms]", "2000");
        Map<String, Map<String, String>> properties = new LinkedHashMap<>();
        properties.put(
                "upload-service",
                Map.of(
                        "vodflow.upload.notifications.wait-time", "2s",
                        "vodflow.upload.notifications.visibility-timeout", "10s",
                        "vodflow.upload.notifications.visibility-extension-interval", "3s",
                        "vodflow.upload.notifications.error-backoff", "1s",
                        "vodflow.upload.expiry-sweep-interval", "5s",
                        // long enough for any upload of the stream to finish through every fault, short enough for
                        // the abandoned ones to expire during the run
                        "vodflow.upload.expiry", ABANDONED_EXPIRY.toSeconds() + "s"));
        properties.put(
                "transcode-orchestrator",
                with(
                        kafka,
                        Map.of(
                                "vodflow.transcode.reconcile.interval", "10s",
                                "vodflow.transcode.reconcile.quiet-after", "60s",
                                "vodflow.transcode.job-events.wait-time", "2s")));
        properties.put("catalog-service", kafka);
        properties.put(
                "notification-service",
                with(kafka, Map.of("vodflow.notification.delivery.retry-schedule", "2s,5s,10s,15s,20s,30s,30s")));
        properties.put("playback-service", kafka);
        properties.put("live-service", kafka);
        return properties;
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> both = new LinkedHashMap<>(a);
        both.putAll(b);
        return both;
    }

    private static LocalPostgres postgres;
    private static List<AutoCloseable> running;
    private static DevStack stack;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startStack() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        // Its own server: the suite stops it, and the machine's cluster belongs to everyone on it.
        postgres = LocalPostgres.embedded(WORK.resolve("postgres"));
        String serverUrl = postgres.jdbcUrl("postgres").replaceAll("postgres$", "");
        DevStackSettings defaults = DevStackSettings.from(Map.of(), name -> null);
        DevStackSettings settings = new DevStackSettings(
                WORK.resolve("data"),
                serverUrl,
                postgres.user(),
                postgres.password(),
                defaults.kafkaPort(),
                defaults.s3Port(),
                defaults.sqsPort());
        running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(FaultInjectionIntegrationTests::stopStack, "faults-stop"));
        stack = DevStack.start(settings, REPOSITORY, running, serviceProperties(), INSTANCES);
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static synchronized void stopStack() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
        if (stack != null) {
            stack.close();
            stack = null;
        } else if (running != null) {
            List<AutoCloseable> reversed = new ArrayList<>(running);
            Collections.reverse(reversed);
            reversed.forEach(FaultInjectionIntegrationTests::closeQuietly);
            running.clear();
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @Test
    void uploadsFlowingThroughFaultsAreEachTranscodedAndAnnouncedExactlyOnce() throws Exception {
        LocalWorld world = stack.world();
        LocalEnvironment environment = world.environment();
        String kafka = environment.kafkaBootstrapServers();
        String alice = StackClient.token("alice");
        String ops = StackClient.token("ops");

        String webhook = JSON.readTree(call(
                                VodflowService.NOTIFICATION,
                                0,
                                "POST",
                                "/webhooks",
                                alice,
                                JSON.writeValueAsString(Map.of(
                                        "url", receiver.url(), "eventTypes", WEBHOOK_TOPICS, "description", "faults")))
                        .body())
                .path("webhook")
                .path("id")
                .asString();
        log.info("webhook {} delivers to {}", webhook, receiver.url());

        // Uploads created and never sent (one single PUT, one multipart): both instances' expiry sweeps run, and each
        // must expire exactly once.
        List<String> abandoned = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            abandoned.add(JSON.readTree(call(
                                    VodflowService.UPLOAD,
                                    i % INSTANCES,
                                    "POST",
                                    "/uploads",
                                    alice,
                                    JSON.writeValueAsString(Map.of(
                                            "title",
                                            "abandoned " + i,
                                            "fileName",
                                            "abandoned-" + i + ".mp4",
                                            "contentType",
                                            "video/mp4",
                                            "size",
                                            i == 0 ? 100_000 : 100_000_000)))
                            .body())
                    .path("id")
                    .asString());
        }

        Path clip = SampleClips.video(WORK.resolve("clip.mp4"), "160x90", 10, 1);
        Path longer = SampleClips.video(WORK.resolve("clip-2s.mp4"), "192x108", 10, 2);
        try (PipelineWatch watch = PipelineWatch.start(kafka);
                S3Client s3 = LocalAws.s3Client(environment.s3Endpoint())) {
            Flow flow = new Flow(watch, s3, alice, clip, longer);
            Thread uploads = new Thread(flow::run, "faults-uploads");
            uploads.start();
            FaultTable table = new FaultTable();
            Faults faults = new Faults(flow, watch, table);

            faults.pause(Duration.ofSeconds(8));
            faults.killService(VodflowService.UPLOAD, 0);
            faults.restartKafka(environment, Duration.ofSeconds(10));
            faults.killService(VodflowService.TRANSCODE, INSTANCES - 1);
            faults.stopPostgres(Duration.ofSeconds(30));
            faults.killService(VodflowService.CATALOG, 0);
            faults.restartSqs(environment, Duration.ofSeconds(10));
            faults.killService(VodflowService.NOTIFICATION, INSTANCES - 1);
            faults.throttleMediaConvert(world, Duration.ofSeconds(20));
            faults.killService(VodflowService.PLAYBACK, 0);
            faults.webhookReceiverDown(Duration.ofSeconds(60));
            flow.faultsDone = true;

            uploads.join(Duration.ofMinutes(5).toMillis());
            assertThat(flow.failure).as("the upload stream's client").isNull();
            assertThat(flow.submitted()).hasSizeGreaterThanOrEqualTo(UPLOADS);
            int submitted = flow.submitted().size();

            // Every upload reaches its end, once.
            await("every upload READY or FAILED")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> flow.submitted().stream().allMatch(u -> watch.finished(u.videoId(watch)) != null));
            faults.complete();
            Path tableFile = WORK.resolve("fault-table.md");
            table.write(
                    tableFile,
                    "Fault injection: " + submitted + " uploads, " + INSTANCES + " instance(s) of every service");
            log.info("\n{}", table.markdown());
            System.out.println(table.markdown());

            Map<String, Upload> byVideo = new TreeMap<>();
            flow.submitted().forEach(u -> byVideo.put(u.videoId(watch), u));
            assertThat(byVideo).as("one video per upload").hasSize(submitted);

            // One event each (by event id): a record Kafka carries twice under the same id is the same event, sent
            // again by a sender killed before its acknowledgement, and every consumer drops the repeat.
            Map<String, Set<String>> uploaded = watch.eventIdsByVideo(Topics.VIDEO_UPLOADED);
            Map<String, Set<String>> finalIds = watch.finalEventIds();
            Map<String, List<PipelineWatch.Event>> finished = watch.finals();
            for (String video : byVideo.keySet()) {
                assertThat(uploaded.get(video))
                        .as("video.uploaded event ids of %s", video)
                        .hasSize(1);
                assertThat(finalIds.get(video))
                        .as("transcode.completed or transcode.failed event ids of %s", video)
                        .hasSize(1);
                assertThat(finished.get(video).get(0).topic())
                        .as("every clip is a valid input: %s", video)
                        .isEqualTo(Topics.TRANSCODE_COMPLETED);
            }

            // The catalog, through the API as users see it, over both instances.
            AtomicInteger turn = new AtomicInteger();
            for (String video : byVideo.keySet()) {
                JsonNode shown = JSON.readTree(call(
                                VodflowService.CATALOG,
                                turn.getAndIncrement() % INSTANCES,
                                "GET",
                                "/videos/" + video,
                                alice,
                                null)
                        .body());
                assertThat(shown.path("state").asString())
                        .as("catalog state of %s", video)
                        .isEqualTo("READY");
            }

            // One MediaConvert job per video and attempt: no retry, reconciler round or restart made another.
            Map<String, List<JsonNode>> jobs =
                    StackClient.mediaConvertJobs(world.mediaConvert().endpoint());
            for (String video : byVideo.keySet()) {
                List<JsonNode> ofVideo = jobs.getOrDefault(video, List.of());
                assertThat(ofVideo).as("MediaConvert jobs of %s", video).isNotEmpty();
                Map<String, Long> perAttempt = ofVideo.stream()
                        .collect(Collectors.groupingBy(
                                j -> j.path("userMetadata").path("attempt").asString(), Collectors.counting()));
                assertThat(perAttempt.values())
                        .as("jobs per attempt of %s", video)
                        .containsOnly(1L);
            }

            // Every event of the subscription delivered, under one webhook-id each.
            Set<String> events = watch.eventIds(WEBHOOK_TOPICS);
            await("every webhook delivered")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> receiver.deliveries().stream()
                            .map(WebhookReceiver.Delivery::eventId)
                            .collect(Collectors.toSet())
                            .containsAll(events));
            Map<String, Set<String>> idsPerEvent = receiver.deliveries().stream()
                    .collect(Collectors.groupingBy(
                            WebhookReceiver.Delivery::eventId,
                            Collectors.mapping(WebhookReceiver.Delivery::webhookId, Collectors.toSet())));
            assertThat(idsPerEvent.keySet())
                    .as("deliveries are of the topics' events")
                    .isEqualTo(events);
            idsPerEvent.forEach((event, ids) ->
                    assertThat(ids).as("webhook-ids of event %s", event).hasSize(1));

            // Nothing dead-lettered anywhere.
            for (String topic : deadLetterTopics(kafka)) {
                assertThat(TopicContents.of(kafka, topic))
                        .as("dead-letter topic %s", topic)
                        .isEmpty();
            }
            for (String queue : List.of(
                    LocalEnvironment.S3_EVENTS_QUEUE + "-dlq", LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE + "-dlq")) {
                assertThat(environment
                                .sqs()
                                .client()
                                .getQueueAttributes(
                                        b -> b.queueUrl(environment.sqs().queueUrl(queue))
                                                .attributeNames(
                                                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                                .attributes()
                                .values())
                        .as("dead-letter queue %s", queue)
                        .containsOnly("0");
            }

            assertThat(table.rows()).allSatisfy(row -> {
                assertThat(row.lost()).as("lost in %s", row.fault()).isZero();
                assertThat(row.duplicated()).as("doubled in %s", row.fault()).isZero();
                assertThat(row.recoveredAfterSeconds())
                        .as("recovery from %s", row.fault())
                        .isNotNegative();
            });

            // The abandoned uploads expired, each once: the two instances' sweeps together counted exactly them.
            await("abandoned uploads EXPIRED")
                    .atMost(ABANDONED_EXPIRY.plusMinutes(1))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> abandoned.stream().allMatch(id -> {
                        try {
                            return "EXPIRED"
                                    .equals(JSON.readTree(
                                                    call(VodflowService.UPLOAD, 0, "GET", "/uploads/" + id, alice, null)
                                                            .body())
                                            .path("state")
                                            .asString());
                        } catch (Exception e) {
                            return false;
                        }
                    }));
            double expiries = 0;
            for (int instance = 0; instance < INSTANCES; instance++) {
                expiries += counterSum(
                        call(VodflowService.UPLOAD, instance, "GET", "/actuator/prometheus", alice, null)
                                .body(),
                        "vodflow_uploads_total",
                        "outcome=\"expired\"");
            }
            assertThat(expiries)
                    .as("expiries counted by the %d instances' sweeps", INSTANCES)
                    .isEqualTo(abandoned.size());

            // A full replay of the catalog rebuilds the same catalog (one instance consumes during the rebuild).
            replayCatalog(ops);
        }
    }

    private void replayCatalog(String ops) throws Exception {
        if (INSTANCES > 1) {
            stack.services().stream()
                    .filter(s -> s.port() == VodflowService.CATALOG.port() + DevStack.SECOND_INSTANCE_OFFSET)
                    .forEach(ServiceProcess::close);
        }
        JsonNode before = JSON.readTree(call(VodflowService.CATALOG, 0, "GET", "/ops/fingerprint", ops, null)
                .body());
        JsonNode answered = JSON.readTree(call(VodflowService.CATALOG, 0, "POST", "/ops/rebuild", ops, null)
                .body());
        assertThat(answered.path("md5")).isEqualTo(before.path("md5"));
        await("the catalog's replay caught up")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> JSON.readTree(call(VodflowService.CATALOG, 0, "GET", "/ops/replay", ops, null)
                                        .body())
                                .path("caughtUp")
                                .asBoolean()
                        && JSON.readTree(call(VodflowService.CATALOG, 0, "GET", "/ops/fingerprint", ops, null)
                                                .body())
                                        .path("rows")
                                        .asLong()
                                == before.path("rows").asLong());
        JsonNode after = JSON.readTree(call(VodflowService.CATALOG, 0, "GET", "/ops/fingerprint", ops, null)
                .body());
        assertThat(after).as("catalog fingerprint after a full replay").isEqualTo(before);
    }

    // ---- the upload stream -----------------------------------------------------------------------------------------

    /** One upload of the stream: through the API (its video id known at once) or the watch folder (known from Kafka). */
    record Upload(String label, String apiVideoId, String watchFileName, long submittedNanos) {

        String videoId(PipelineWatch watch) {
            return apiVideoId != null ? apiVideoId : watch.videoOfFile(watchFileName);
        }
    }

    /** The stream of uploads: one every few seconds, alternately through the API (over both instances) and S3. */
    private final class Flow {

        private final PipelineWatch watch;
        private final S3Client s3;
        private final String token;
        private final Path clip;
        private final Path longer;
        private final List<Upload> submitted = Collections.synchronizedList(new ArrayList<>());
        private final long started = System.nanoTime();
        private volatile Throwable failure;
        /** Set once the last fault is injected: the stream goes on until then, so every fault meets uploads. */
        private volatile boolean faultsDone;

        Flow(PipelineWatch watch, S3Client s3, String token, Path clip, Path longer) {
            this.watch = watch;
            this.s3 = s3;
            this.token = token;
            this.clip = clip;
            this.longer = longer;
        }

        void run() {
            try {
                for (int i = 0; (i < UPLOADS || !faultsDone) && i < 4 * UPLOADS; i++) {
                    long next = started + i * UPLOAD_EVERY.toNanos();
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000);
                    }
                    Path file = i % 3 == 2 ? longer : clip;
                    submitted.add(i % 2 == 0 ? throughApi(i, file) : throughWatchFolder(i, file));
                }
            } catch (Throwable e) {
                failure = e;
                log.error("the upload stream stopped", e);
            }
        }

        List<Upload> submitted() {
            return List.copyOf(submitted);
        }

        /** Uploads submitted and not READY or FAILED yet: what a fault injected now can hurt. */
        Set<String> inFlight() {
            return submitted().stream()
                    .filter(u -> {
                        String video = u.videoId(watch);
                        return video == null || watch.finished(video) == null;
                    })
                    .map(Upload::label)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        double secondsSinceStart(long nanos) {
            return (nanos - started) / 1e9;
        }

        /**
         * Create then PUT, as the page does; a create that fails (an instance just killed, the database down) is tried
         * again on the other instance until it is taken. A create whose answer was lost leaves an upload that never
         * receives a file: not a video, and nothing flows from it.
         */
        private Upload throughApi(int i, Path file) throws Exception {
            long at = System.nanoTime();
            String body = JSON.writeValueAsString(Map.of(
                    "title",
                    "fault " + i,
                    "fileName",
                    "fault-api-" + i + ".mp4",
                    "contentType",
                    "video/mp4",
                    "size",
                    Files.size(file)));
            JsonNode plan = null;
            for (int attempt = 0; plan == null; attempt++) {
                try {
                    plan = JSON.readTree(
                            call(VodflowService.UPLOAD, (i / 2 + attempt) % INSTANCES, "POST", "/uploads", token, body)
                                    .body());
                } catch (Exception e) {
                    if (attempt > 180) {
                        throw e;
                    }
                    log.info("create of upload {} failed ({}), trying again", i, e.getMessage());
                    Thread.sleep(1000);
                }
            }
            JsonNode presigned = plan.path("upload");
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> stored = HTTP.send(
                        StackClient.presigned(presigned, HttpRequest.BodyPublishers.ofFile(file))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (stored.statusCode() == 200) {
                    break;
                }
                if (attempt > 30) {
                    throw new IllegalStateException(
                            "PUT of upload " + i + ": " + stored.statusCode() + " " + stored.body());
                }
                Thread.sleep(1000);
            }
            return new Upload("api-" + i, plan.path("videoId").asString(), null, at);
        }

        private Upload throughWatchFolder(int i, Path file) {
            long at = System.nanoTime();
            String name = "fault-watch-" + i + ".mp4";
            s3.putObject(
                    b -> b.bucket(LocalEnvironment.BUCKET).key(LocalEnvironment.INPUT_PREFIX + name),
                    RequestBody.fromFile(file));
            return new Upload("watch-" + i, null, name, at);
        }
    }

    // ---- the faults ------------------------------------------------------------------------------------------------

    /** Injects faults one after another, noting for each what was in flight and when its part came back. */
    private final class Faults {

        private final Flow flow;
        private final PipelineWatch watch;
        private final FaultTable table;
        private final List<Pending> pending = new ArrayList<>();

        private record Pending(
                String fault, long injected, Set<String> affected, long back, Set<String> webhookEvents) {}

        Faults(Flow flow, PipelineWatch watch, FaultTable table) {
            this.flow = flow;
            this.watch = watch;
            this.table = table;
        }

        void pause(Duration pause) throws InterruptedException {
            Thread.sleep(pause.toMillis());
        }

        void killService(VodflowService service, int instance) throws Exception {
            ServiceProcess process = instance(service, instance);
            long injected = System.nanoTime();
            Set<String> affected = flow.inFlight();
            log.info(
                    "FAULT kill -9 {} (pid {}), {} uploads in flight",
                    process.name(),
                    process.handle().pid(),
                    affected.size());
            process.kill();
            process.restart();
            await(process.name() + " healthy again")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(process::healthy);
            pending.add(new Pending("kill -9 " + process.name(), injected, affected, System.nanoTime(), null));
            pause(Duration.ofSeconds(2));
        }

        void restartKafka(LocalEnvironment environment, Duration down) throws Exception {
            var broker = environment.kafka().orElseThrow();
            outage("Kafka broker restart (down " + down.toSeconds() + " s)", broker::stop, broker::start, down);
        }

        void stopPostgres(Duration down) throws Exception {
            outage("PostgreSQL stopped " + down.toSeconds() + " s", postgres::stop, postgres::start, down);
        }

        void restartSqs(LocalEnvironment environment, Duration down) throws Exception {
            var sqs = environment.sqs();
            outage("SQS stand-in restart (down " + down.toSeconds() + " s)", sqs::stop, sqs::start, down);
        }

        void throttleMediaConvert(LocalWorld world, Duration storm) throws Exception {
            var emulator = world.mediaConvert();
            outage(
                    "MediaConvert throttling (429) " + storm.toSeconds() + " s",
                    () -> emulator.throttleShare(1.0),
                    () -> emulator.throttleShare(0.0),
                    storm);
        }

        void webhookReceiverDown(Duration down) throws Exception {
            long injected = System.nanoTime();
            Set<String> affected = flow.inFlight();
            log.info("FAULT webhook receiver down for {} s, {} uploads in flight", down.toSeconds(), affected.size());
            receiver.down();
            pause(down);
            receiver.up();
            Set<String> owed = watch.eventIds(WEBHOOK_TOPICS);
            pending.add(new Pending(
                    "webhook receiver down " + down.toSeconds() + " s", injected, affected, System.nanoTime(), owed));
        }

        private void outage(String fault, Step stop, Step start, Duration down) throws Exception {
            long injected = System.nanoTime();
            Set<String> affected = flow.inFlight();
            log.info("FAULT {}, {} uploads in flight", fault, affected.size());
            stop.run();
            pause(down);
            start.run();
            pending.add(new Pending(fault, injected, affected, System.nanoTime(), null));
            pause(Duration.ofSeconds(2));
        }

        /** Once the stream has finished: each fault's row, from when its affected uploads (and webhooks) were done. */
        void complete() throws Exception {
            Map<String, Upload> byLabel = flow.submitted().stream().collect(Collectors.toMap(Upload::label, u -> u));
            Map<String, List<PipelineWatch.Event>> finals = watch.finals();
            Map<String, Set<String>> uploadedIds = watch.eventIdsByVideo(Topics.VIDEO_UPLOADED);
            Map<String, Set<String>> finalIds = watch.finalEventIds();
            Map<String, Long> webhookArrivals = new ConcurrentHashMap<>();
            if (pending.stream().anyMatch(p -> p.webhookEvents() != null)) {
                Set<String> owed = pending.stream()
                        .filter(p -> p.webhookEvents() != null)
                        .flatMap(p -> p.webhookEvents().stream())
                        .collect(Collectors.toSet());
                await("webhooks owed during the receiver's outage")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            long now = System.nanoTime();
                            receiver.deliveries().forEach(d -> webhookArrivals.putIfAbsent(d.eventId(), now));
                            return webhookArrivals.keySet().containsAll(owed);
                        });
            }
            Map<String, List<JsonNode>> jobs =
                    StackClient.mediaConvertJobs(stack.world().mediaConvert().endpoint());
            for (Pending fault : pending) {
                long recovered = fault.back();
                int lost = 0;
                int duplicated = 0;
                int resent = 0;
                for (String label : fault.affected()) {
                    String video = byLabel.get(label).videoId(watch);
                    List<PipelineWatch.Event> ends = video == null ? List.of() : finals.getOrDefault(video, List.of());
                    if (ends.isEmpty()) {
                        lost++;
                        continue;
                    }
                    recovered = Math.max(recovered, ends.get(0).seenNanos());
                    Map<String, Long> perAttempt = jobs.getOrDefault(video, List.of()).stream()
                            .collect(Collectors.groupingBy(
                                    j -> j.path("userMetadata").path("attempt").asString(), Collectors.counting()));
                    if (finalIds.get(video).size() > 1
                            || uploadedIds.getOrDefault(video, Set.of()).size() > 1
                            || perAttempt.values().stream().anyMatch(n -> n > 1)) {
                        duplicated++;
                    }
                    resent += watch.resent(video);
                }
                if (fault.webhookEvents() != null) {
                    for (String event : fault.webhookEvents()) {
                        recovered = Math.max(recovered, webhookArrivals.getOrDefault(event, Long.MAX_VALUE));
                    }
                }
                table.add(new FaultTable.Row(
                        fault.fault(),
                        flow.secondsSinceStart(fault.injected()),
                        lost > 0 ? -1 : (recovered - fault.injected()) / 1e9,
                        fault.affected(),
                        lost,
                        duplicated,
                        resent));
            }
        }

        private ServiceProcess instance(VodflowService service, int instance) {
            int port = service.port() + instance * DevStack.SECOND_INSTANCE_OFFSET;
            return stack.services().stream()
                    .filter(s -> s.port() == port)
                    .findFirst()
                    .orElseThrow();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    // ---- reading the stack from outside ----------------------------------------------------------------------------

    /** A service's API directly, on its first ({@code 0}) or second instance: the suite spreads calls over both. */
    private static HttpResponse<String> call(
            VodflowService service, int instance, String method, String path, String token, String json)
            throws Exception {
        String base = "http://localhost:" + (service.port() + instance * DevStack.SECOND_INSTANCE_OFFSET);
        return StackClient.call(base, method, path, token, json);
    }

    /** The sum of a counter's samples whose labels contain {@code label}, from Prometheus's text format. */
    private static double counterSum(String exposition, String name, String label) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static Set<String> deadLetterTopics(String kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            return admin.listTopics().names().get().stream()
                    .filter(t -> t.endsWith(".dlt"))
                    .collect(Collectors.toSet());
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            log.warn("{} did not stop cleanly", part, e);
        }
    }

    private static void deleteRecursively(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
