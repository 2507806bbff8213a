package dev.vodflow.live.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.events.Topics;
import dev.vodflow.testsupport.CommittedOpenApi;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import dev.vodflow.testsupport.TestStreams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service against the real stand-ins (PostgreSQL, Kafka, S3, the MediaLive emulator), driven over HTTP with
 * JWTs as the gateway would, with FFmpeg publishing to the ingest URL the API hands out.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vodflow.live.recording-poll-interval=500ms",
            "vodflow.live.ladder[0].name=_360p",
            "vodflow.live.ladder[0].width=640",
            "vodflow.live.ladder[0].height=360",
            "vodflow.live.ladder[0].bitrate=600000",
            "vodflow.live.ladder[1].name=_180p",
            "vodflow.live.ladder[1].width=320",
            "vodflow.live.ladder[1].height=180",
            "vodflow.live.ladder[1].bitrate=250000"
        })
class LiveChannelsIntegrationTests {

    private static final LocalInfrastructure INFRA = LocalInfrastructure.get();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final List<ConsumerRecord<String, String>> EVENTS = new CopyOnWriteArrayList<>();
    private static volatile boolean consuming = true;
    private static Thread consumer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRA.registerProperties(registry, "live");
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void consumeLiveTopics() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "live-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        consumer = new Thread(() -> {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties)) {
                kafka.subscribe(java.util.regex.Pattern.compile("live\\..*"));
                while (consuming) {
                    kafka.poll(Duration.ofMillis(200)).forEach(EVENTS::add);
                }
            }
        });
        consumer.setDaemon(true);
        consumer.start();
    }

    @AfterAll
    static void stopConsuming() throws InterruptedException {
        consuming = false;
        consumer.join(5000);
    }

    @Test
    void theApiIsTheCommittedOpenApiDocument() {
        CommittedOpenApi.assertCommitted("http://127.0.0.1:" + port, "live-service", "LiveChannelsIntegrationTests");
    }

    @Test
    void aBroadcastGoesLiveEndsAndItsRecordingIsHandedToTheUploadPath() throws Exception {
        JsonNode created = call("POST", "/live/channels", "alice", Map.of("title", "Morning show"), 201);
        String id = created.path("id").asString();
        assertThat(created.path("state").asString()).isEqualTo("IDLE");
        String url = created.path("ingest").path("url").asString();
        String key = created.path("ingest").path("streamKey").asString();
        assertThat(url).startsWith("rtmp://").endsWith("/live/" + key);
        assertThat(created.path("ingest").path("server").asString() + "/" + key).isEqualTo(url);
        assertThat(key).hasSizeGreaterThanOrEqualTo(32);

        JsonNode live = call("POST", "/live/channels/" + id + "/start", "alice", null, 200);
        assertThat(live.path("state").asString()).isEqualTo("LIVE");
        String broadcast = live.path("broadcastId").asString();
        ConsumerRecord<String, String> started = awaitEvent(Topics.LIVE_STARTED, broadcast);
        assertThat(started.key()).isEqualTo(broadcast);
        assertThat(header(started, "ce_source")).isEqualTo("/vodflow/live-service");
        assertThat(header(started, "ce_type")).isEqualTo("dev.vodflow.live.started.v1");
        assertThat(JSON.readTree(started.value()).path("playlistPath").asString())
                .isEqualTo("live/" + id + "/master.m3u8");

        Process publisher = TestStreams.publish(url, 6);
        // two pipelines, each into its own prefix; the CDN serves them to viewers as live/{id}/
        await().atMost(PATIENCE)
                .until(() -> object("live-a/" + id + "/master.m3u8") != null
                        && object("live-b/" + id + "/master.m3u8") != null);
        assertThat(object("live-a/" + id + "/master.m3u8")).contains("master_360p.m3u8", "master_180p.m3u8");
        assertThat(object("live-b/" + id + "/master.m3u8")).isEqualTo(object("live-a/" + id + "/master.m3u8"));
        assertThat(publisher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        JsonNode ended = call("POST", "/live/channels/" + id + "/stop", "alice", null, 200);
        assertThat(ended.path("state").asString()).isEqualTo("ENDED");
        assertThat(JSON.readTree(awaitEvent(Topics.LIVE_ENDED, broadcast).value())
                        .path("reason")
                        .asString())
                .isEqualTo("STOPPED");

        JsonNode recorded =
                JSON.readTree(awaitEvent(Topics.LIVE_RECORDED, broadcast).value());
        String recording = recorded.path("key").asString();
        assertThat(recording).isEqualTo("input/live/alice/" + broadcast + "/morning-show.000000.ts");
        assertThat(recorded.path("size").asLong()).isGreaterThan(10_000);
        assertThat(INFRA.s3()
                        .headObject(r -> r.bucket(INFRA.bucket()).key(recording))
                        .contentLength())
                .isEqualTo(recorded.path("size").asLong());
        assertThat(call("GET", "/live/channels/" + id, "alice", null, 200)
                        .path("recording")
                        .path("videoId")
                        .asString())
                .isEqualTo(broadcast);

        call("DELETE", "/live/channels/" + id, "alice", null, 204);
        call("GET", "/live/channels/" + id, "alice", null, 404);
    }

    @Test
    void anSrtPublishWithTheKeyAsStreamIdGoesLiveAndAWrongKeyIsRefused() throws Exception {
        JsonNode created = call("POST", "/live/channels", "alice", Map.of("title", "Over SRT"), 201);
        String id = created.path("id").asString();
        String key = created.path("ingest").path("streamKey").asString();
        JsonNode srt = created.path("ingest").path("srt");
        String url = srt.path("url").asString();
        assertThat(url).isEqualTo("srt://127.0.0.1:" + INFRA.mediaLive().srtPort() + "?streamid=" + key);
        assertThat(srt.path("latencyMillis").asInt()).isPositive();
        assertThat(srt.path("ffmpeg").asString()).contains("-f mpegts").contains(url);
        call("POST", "/live/channels/" + id + "/start", "alice", null, 200);

        Process wrongKey = TestStreams.publishSrt(url.replace(key, "not-the-key"), 20);
        assertThat(wrongKey.waitFor(60, TimeUnit.SECONDS))
                .as("the ingest ends a caller with a wrong key")
                .isTrue();
        assertThat(object("live-a/" + id + "/master.m3u8")).isNull();

        Process publisher = TestStreams.publishSrt(url, 8);
        await().atMost(PATIENCE)
                .until(() -> object("live-a/" + id + "/master_180p.m3u8") != null
                        && object("live-b/" + id + "/master_180p.m3u8") != null);
        assertThat(object("live-a/" + id + "/master_180p.m3u8")).contains("#EXT-X-PROGRAM-DATE-TIME:");

        JsonNode rotated = call("POST", "/live/channels/" + id + "/stream-key", "alice", null, 200);
        assertThat(rotated.path("ingest").path("srt").path("url").asString())
                .isEqualTo("srt://127.0.0.1:" + INFRA.mediaLive().srtPort() + "?streamid="
                        + rotated.path("ingest").path("streamKey").asString());
        assertThat(publisher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        call("POST", "/live/channels/" + id + "/stop", "alice", null, 200);
    }

    @Test
    void aRotatedKeyShutsTheOldKeyOut() throws Exception {
        JsonNode created = call("POST", "/live/channels", "alice", Map.of("title", "Key test"), 201);
        String id = created.path("id").asString();
        String oldUrl = created.path("ingest").path("url").asString();
        JsonNode rotated = call("POST", "/live/channels/" + id + "/stream-key", "alice", null, 200);
        assertThat(rotated.path("ingest").path("streamKey").asString())
                .isNotEqualTo(created.path("ingest").path("streamKey").asString());
        call("POST", "/live/channels/" + id + "/start", "alice", null, 200);

        Process old = TestStreams.publish(oldUrl, 3);
        assertThat(old.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(old.exitValue()).as("ffmpeg with the old key").isNotZero();

        call("POST", "/live/channels/" + id + "/stop", "alice", null, 200);
    }

    @Test
    void aChannelIsItsOwnersOnly() throws Exception {
        JsonNode created = call("POST", "/live/channels", "alice", Map.of("title", "Private"), 201);
        String id = created.path("id").asString();
        call("GET", "/live/channels/" + id, "bob", null, 404);
        call("POST", "/live/channels/" + id + "/start", "bob", null, 404);
        assertThat(call("GET", "/live/channels", "bob", null, 200).findValuesAsString("id"))
                .doesNotContain(id);
        call("GET", "/live/channels", null, null, 401);
    }

    @Test
    void aChannelWithoutATitleIsRefusedWithTheReason() throws Exception {
        JsonNode problem = call("POST", "/live/channels", "alice", Map.of("title", "  "), 400);
        assertThat(problem.path("detail").asString()).contains("title is required");
    }

    @Test
    void aChannelWithANulInItsTitleIsRefusedWithTheReason() throws Exception {
        JsonNode problem = call("POST", "/live/channels", "alice", Map.of("title", "a\u0000b"), 400);
        assertThat(problem.path("detail").asString()).contains("title must not contain the NUL character");
    }

    @Test
    void aLiveChannelCannotBeDeleted() throws Exception {
        String id = call("POST", "/live/channels", "alice", Map.of("title", "Busy"), 201)
                .path("id")
                .asString();
        call("POST", "/live/channels/" + id + "/start", "alice", null, 200);
        JsonNode problem = call("DELETE", "/live/channels/" + id, "alice", null, 409);
        assertThat(problem.path("detail").asString()).contains("stop it first");
        call("POST", "/live/channels/" + id + "/stop", "alice", null, 200);
    }

    private ConsumerRecord<String, String> awaitEvent(String topic, String videoId) {
        return await().atMost(PATIENCE)
                .until(
                        () -> EVENTS.stream()
                                .filter(r -> r.topic().equals(topic))
                                .filter(r -> JSON.readTree(r.value())
                                        .path("videoId")
                                        .asString()
                                        .equals(videoId))
                                .findFirst()
                                .orElse(null),
                        record -> record != null);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String object(String key) {
        try {
            return INFRA.s3()
                    .getObjectAsBytes(r -> r.bucket(INFRA.bucket()).key(key))
                    .asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private JsonNode call(String method, String path, String subject, Object body, int expectedStatus)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (subject != null) {
            request.header("Authorization", "Bearer " + TestJwts.token(subject));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(expectedStatus);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
