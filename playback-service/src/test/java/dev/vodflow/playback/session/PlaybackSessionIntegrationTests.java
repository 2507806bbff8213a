package dev.vodflow.playback.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveStarted;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.playback.video.PlayableVideoRepository;
import dev.vodflow.testsupport.CommittedOpenApi;
import dev.vodflow.testsupport.EventRecords;
import dev.vodflow.testsupport.ForgedTokens;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path a viewer takes: events on real Kafka build the projection, the service hands out cookies, and the
 * local CloudFront edge serves (or refuses) the files from the real local S3 with them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlaybackSessionIntegrationTests {

    static final KeyPair ROTATED_OUT = TestSigningKeys.generate();
    static final KeyPair ACTIVE = TestSigningKeys.generate();
    static final LocalInfrastructure infra = LocalInfrastructure.get();
    static final CloudFrontEdge edge =
            infra.startCloudFrontEdge(Map.of("K1OLD", ROTATED_OUT.getPublic(), "K2NEW", ACTIVE.getPublic()), Set.of());
    static final KafkaProducer<String, byte[]> producer = producer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        infra.registerProperties(registry, "playback_it");
        registry.add("vodflow.playback.cdn-base-url", () -> edge.endpoint().toString());
        registry.add("vodflow.playback.anonymous-viewing", () -> "true");
        // The local edge speaks plain HTTP on localhost: host-only, non-Secure cookies.
        registry.add("vodflow.playback.cookie.secure", () -> "false");
        registry.add("vodflow.playback.signing.active-key-id", () -> "K2NEW");
        registry.add("vodflow.playback.signing.keys[0].id", () -> "K1OLD");
        registry.add(
                "vodflow.playback.signing.keys[0].private-key-file",
                () -> TestSigningKeys.privateKeyFile(ROTATED_OUT).toString());
        registry.add("vodflow.playback.signing.keys[1].id", () -> "K2NEW");
        registry.add("vodflow.playback.signing.keys[1].private-key-pem", () -> TestSigningKeys.pkcs1Pem(ACTIVE));
        // Videos asked for are kept an hour here rather than a second: every test that changes a video after a
        // session then shows that the projection's change, not the ttl, is what the next session sees.
        registry.add("vodflow.playback.video-cache.ttl", () -> "1h");
    }

    @AfterAll
    static void stopEdge() {
        edge.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    PlayableVideoRepository videos;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SigningKeys keys;

    @Autowired
    PlaybackProperties playback;

    final String alice = "alice-" + UUID.randomUUID();
    final String bob = "bob-" + UUID.randomUUID();

    @Test
    void theApiIsTheCommittedOpenApiDocument() {
        CommittedOpenApi.assertCommitted(
                "http://127.0.0.1:" + port, "playback-service", "PlaybackSessionIntegrationTests");
    }

    @Test
    void everyForgedOrMisdirectedTokenIsRefusedWith401Problem() throws Exception {
        ForgedTokens.assertAllRefused(
                "POST", URI.create("http://127.0.0.1:" + port + "/videos/any-video/playback-session"));
    }

    @Test
    void aSessionForOneVideoPlaysItAndNothingElse() throws Exception {
        String a = readyVideo(alice);
        String b = readyVideo(alice);
        Viewer viewer = new Viewer();

        HttpResponse<String> session = viewer.startSession(a, TestJwts.token(alice));

        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.headers().allValues("Set-Cookie")).hasSize(3).allSatisfy(cookie -> assertThat(cookie)
                .contains("Path=/output/" + a + "/", "HttpOnly", "SameSite=Lax", "Max-Age=")
                .doesNotContain("Secure"));
        Map<?, ?> body = json.readValue(session.body(), Map.class);
        String manifest = edge.endpoint() + "/output/" + a + "/hls/master.m3u8";
        assertThat(body.get("manifestUrl")).isEqualTo(manifest);
        assertThat(((Map<?, ?>) body.get("cookies")).get("CloudFront-Key-Pair-Id"))
                .isEqualTo("K2NEW");

        HttpResponse<String> master = viewer.get(manifest);
        assertThat(master.statusCode()).isEqualTo(200);
        List<String> segments = new ArrayList<>();
        for (String variant : uris(master.body())) {
            HttpResponse<String> playlist = viewer.get(resolve(manifest, variant));
            assertThat(playlist.statusCode()).isEqualTo(200);
            for (String segment : uris(playlist.body())) {
                HttpResponse<String> media = viewer.get(resolve(resolve(manifest, variant), segment));
                assertThat(media.statusCode()).isEqualTo(200);
                segments.add(media.body());
            }
        }
        assertThat(segments).containsExactly("360p-0 of " + a, "360p-1 of " + a, "720p-0 of " + a, "720p-1 of " + a);

        // The cookies' path is a's folder, so the jar does not even offer them for b; sent anyway, they are refused
        // (tamperedExpiredNotYetValidAndUnknownKeyCookiesAreRefused).
        HttpResponse<String> other = viewer.get(edge.endpoint() + "/output/" + b + "/hls/master.m3u8");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("<Code>MissingKey</Code>").doesNotContain("#EXTM3U");
    }

    @Test
    void issuedAndRefusedSessionsShowInPrometheus() throws Exception {
        String ready = readyVideo(alice);
        String issuedBefore = prometheus();
        Viewer viewer = new Viewer();

        assertThat(viewer.startSession(ready, TestJwts.token(alice)).statusCode())
                .isEqualTo(200);
        assertThat(viewer.startSession("no-such-video-" + UUID.randomUUID(), TestJwts.token(alice))
                        .statusCode())
                .isEqualTo(404);

        String scraped = prometheus();
        assertThat(metric(scraped, "outcome=\"issued\""))
                .isGreaterThanOrEqualTo(metric(issuedBefore, "outcome=\"issued\"") + 1);
        assertThat(metric(scraped, "reason=\"not_found\""))
                .isGreaterThanOrEqualTo(metric(issuedBefore, "reason=\"not_found\"") + 1);
    }

    private String prometheus() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum of the vodflow_playback_sessions_total samples whose labels contain {@code labels}. */
    private static double metric(String scraped, String labels) {
        return scraped.lines()
                .filter(line -> line.startsWith("vodflow_playback_sessions_total{") && line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aChannelOnAirOpensItsLiveFolderToViewersUntilItEnds() throws Exception {
        String channel = "ch_" + UUID.randomUUID().toString().substring(0, 8);
        String other = "ch_" + UUID.randomUUID().toString().substring(0, 8);
        // Viewers ask the edge for live/{channel}/; it serves them from pipeline A's live-a/ (B's live-b/ on failover).
        put("live-a/" + channel + "/master.m3u8", "#EXTM3U\nmaster_360p.m3u8\n");
        put("live-a/" + other + "/master.m3u8", "#EXTM3U\n");
        String broadcast = UUID.randomUUID().toString();
        Instant started = Instant.now();
        publish(new LiveStarted(
                UUID.randomUUID().toString(),
                broadcast,
                alice,
                started,
                channel,
                "Morning show",
                "live/" + channel + "/master.m3u8"));
        Viewer viewer = new Viewer();
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        viewer.startLiveSession(channel, TestJwts.token(bob)).statusCode() == 200);

        String manifest = edge.endpoint() + "/live/" + channel + "/master.m3u8";
        Map<?, ?> body = json.readValue(
                viewer.startLiveSession(channel, TestJwts.token(bob)).body(), Map.class);
        assertThat(body.get("manifestUrl")).isEqualTo(manifest);
        HttpResponse<String> master = viewer.get(manifest);
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.headers().firstValue("Cache-Control")).hasValue("max-age=1");
        assertThat(viewer.get(edge.endpoint() + "/live/" + other + "/master.m3u8")
                        .statusCode())
                .isEqualTo(403);

        publish(new LiveEnded(
                UUID.randomUUID().toString(), broadcast, alice, started.plusSeconds(60), channel, "STOPPED"));
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        viewer.startLiveSession(channel, TestJwts.token(bob)).statusCode() == 404);
        assertThat(viewer.startLiveSession(channel, TestJwts.token(alice)).statusCode())
                .as("the owner may still open an ended channel")
                .isEqualTo(200);
    }

    @Test
    void theSessionsCookiesDoNotOpenTheMp4() throws Exception {
        String a = readyVideo(alice);
        Viewer viewer = new Viewer();
        assertThat(viewer.startSession(a, TestJwts.token(alice)).statusCode()).isEqualTo(200);
        URI mp4 = URI.create(edge.endpoint() + "/download/" + a + "/mp4/720.mp4");

        // The browser would not even send them (each cookie's path is the folder its policy opens) ...
        HttpResponse<String> plain =
                viewer.http.send(HttpRequest.newBuilder(mp4).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(403);
        // ... and sent by hand they do not open it: their policy covers output/{id}/* only.
        String cookies = ((CookieManager) viewer.http.cookieHandler().orElseThrow())
                .getCookieStore().getCookies().stream()
                        .map(c -> c.getName() + "=" + c.getValue())
                        .collect(java.util.stream.Collectors.joining("; "));
        assertThat(cookies).contains("CloudFront-Policy=");
        HttpResponse<String> withCookies = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(mp4).header("Cookie", cookies).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(withCookies.statusCode()).as(withCookies.body()).isEqualTo(403);
        // while the same cookies open the stream
        HttpResponse<String> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(edge.endpoint() + "/output/" + a + "/hls/master.m3u8"))
                                .header("Cookie", cookies)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
    }

    @Test
    void theMp4IsASignedUrlOfItsOwnGivenOnlyWhileTheOwnerAllowsDownloads() throws Exception {
        String a = readyVideo(alice);
        Viewer viewer = new Viewer();
        assertThat(viewer.startSession(a, TestJwts.token(alice)).statusCode()).isEqualTo(200);

        HttpResponse<String> notAllowed = viewer.download(a, TestJwts.token(alice), "x.mp4");
        assertThat(notAllowed.statusCode()).as(notAllowed.body()).isEqualTo(403);
        assertThat(notAllowed.body()).doesNotContain(edge.endpoint().toString());

        Instant allowedAt = Instant.now();
        publish(new VideoUpdated(
                UUID.randomUUID().toString(), a, alice, allowedAt, "Surf", "", Visibility.PUBLIC, true));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> viewer.download(a, TestJwts.token(bob), "x").statusCode() == 200);

        HttpResponse<String> answer = viewer.download(a, TestJwts.token(bob), "Surfing at dawn");
        Map<?, ?> body = json.readValue(answer.body(), Map.class);
        String url = (String) body.get("url");
        assertThat(url).startsWith(edge.endpoint() + "/download/" + a + "/mp4/720.mp4?");
        assertThat(Instant.parse((String) body.get("expiresAt")))
                .isBetween(
                        Instant.now(),
                        Instant.now().plus(playback.downloadTtl()).plusSeconds(2));
        // The URL alone, no cookie: the file, saved under the title.
        HttpResponse<String> file = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("mp4 bytes of " + a);
        assertThat(file.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment; filename=\"Surfing at dawn.mp4\""));
        // A player or download manager asks for ranges: the signed URL answers them.
        HttpResponse<String> part = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Range", "bytes=0-3")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("bytes 0-3/"));
        assertThat(part.body()).isEqualTo("mp4 ");
        // The signature is for that file and that name only.
        String other = readyVideo(alice);
        for (String forged : List.of(url.replace(a, other), url.replace("Surfing", "Sailing"))) {
            assertThat(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(forged)).build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .as(forged)
                    .isEqualTo(403);
        }

        publish(new VideoUpdated(
                UUID.randomUUID().toString(),
                a,
                alice,
                allowedAt.plusSeconds(1),
                "Surf",
                "",
                Visibility.PUBLIC,
                false));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> viewer.download(a, TestJwts.token(bob), "x").statusCode() == 403);
        assertThat(viewer.download(a, null, "x").statusCode())
                .as("anonymous viewing is on here: a public video, but no download")
                .isEqualTo(403);
        assertThat(viewer.download(other, TestJwts.token(bob), "x").statusCode())
                .as("a stranger learns nothing of a private video")
                .isEqualTo(404);
    }

    @Test
    void tamperedExpiredNotYetValidAndUnknownKeyCookiesAreRefused() throws Exception {
        String a = readyVideo(alice);
        String b = readyVideo(alice);
        HttpResponse<String> session = new Viewer().startSession(a, TestJwts.token(alice));
        Map<?, ?> cookies =
                (Map<?, ?>) json.readValue(session.body(), Map.class).get("cookies");
        String policy = (String) cookies.get("CloudFront-Policy");
        String signature = (String) cookies.get("CloudFront-Signature");
        String master = "/output/" + a + "/hls/master.m3u8";

        String policyJson = new String(CookieSignerTests.decode(policy), StandardCharsets.UTF_8);
        String forB = encode(policyJson.replace("/output/" + a + "/", "/output/" + b + "/"));
        char c = signature.charAt(10);
        String flipped = signature.substring(0, 10) + (c == 'x' ? 'y' : 'x') + signature.substring(11);
        CookieSigner.SignedCookies expired =
                new CookieSigner(keys, playback, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))).sign(a);
        var early = CloudFrontUtilities.create()
                .getCookiesForCustomPolicy(r -> r.resourceUrl(edge.endpoint() + "/output/" + a + "/*")
                        .privateKey(ACTIVE.getPrivate())
                        .keyPairId("K2NEW")
                        .activeDate(Instant.now().plusSeconds(600))
                        .expirationDate(Instant.now().plusSeconds(1200)));

        assertThat(fetch(master, policy, signature, "K2NEW")).isEqualTo(200);
        assertThat(fetch("/output/" + b + "/hls/master.m3u8", forB, signature, "K2NEW"))
                .isEqualTo(403);
        assertThat(fetch(master, policy, flipped, "K2NEW")).isEqualTo(403);
        assertThat(fetch(master, policy, signature, "K9UNKNOWN")).isEqualTo(403);
        assertThat(fetch(master, expired.policy(), expired.signature(), expired.keyPairId()))
                .isEqualTo(403);
        assertThat(fetch(master, value(early.policyHeaderValue()), value(early.signatureHeaderValue()), "K2NEW"))
                .isEqualTo(403);
    }

    @Test
    void sessionsSignedWithTheRotatedOutKeyPlayUntilItLeavesTheKeyGroup() throws Exception {
        String a = readyVideo(alice);
        CookieSigner.SignedCookies old = new CookieSigner(keys, playback, Clock.systemUTC()).sign(a, keys.key("K1OLD"));
        String master = "/output/" + a + "/hls/master.m3u8";

        assertThat(fetch(master, old.policy(), old.signature(), "K1OLD")).isEqualTo(200);
        try (CloudFrontEdge rotated = infra.startCloudFrontEdge(Map.of("K2NEW", ACTIVE.getPublic()), Set.of())) {
            String url = rotated.endpoint() + master;
            HttpResponse<String> refused = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Cookie", cookieHeader(old.policy(), old.signature(), "K1OLD"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aPublicVideosSessionIsRenewedWithItsOwnCookiesAndNoToken() throws Exception {
        String a = readyVideo(alice);
        publish(new VideoUpdated(UUID.randomUUID().toString(), a, alice, Instant.now(), "t", "", Visibility.PUBLIC));
        await().atMost(Duration.ofSeconds(30)).until(() -> videos.findById(a)
                .map(v -> v.visibility() == Visibility.PUBLIC)
                .orElse(false));
        Viewer viewer = new Viewer();
        Map<?, ?> first =
                json.readValue(viewer.startSession(a, TestJwts.token(bob)).body(), Map.class);

        HttpResponse<String> renewed = viewer.renew(a, (Map<?, ?>) first.get("cookies"), null);

        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.headers().allValues("Set-Cookie")).hasSize(3);
        assertThat(renewed.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<?, ?> body = json.readValue(renewed.body(), Map.class);
        assertThat(body.get("manifestUrl")).isEqualTo(first.get("manifestUrl"));
        assertThat(Instant.parse((String) body.get("expiresAt")))
                .isAfterOrEqualTo(Instant.parse((String) first.get("expiresAt")));
        Map<?, ?> cookies = (Map<?, ?>) body.get("cookies");
        assertThat(fetch(
                        "/output/" + a + "/hls/master.m3u8",
                        (String) cookies.get("CloudFront-Policy"),
                        (String) cookies.get("CloudFront-Signature"),
                        (String) cookies.get("CloudFront-Key-Pair-Id")))
                .isEqualTo(200);
        // The renewed cookies renew in turn: a viewer can keep watching for as long as the video stays public.
        assertThat(viewer.renew(a, cookies, null).statusCode()).isEqualTo(200);
    }

    @Test
    void renewalRefusesForgedForeignExpiredAndMissingCookiesAndAPrivateVideoWithoutItsOwner() throws Exception {
        String a = readyVideo(alice);
        String b = readyVideo(alice);
        Viewer viewer = new Viewer();
        Map<?, ?> cookies = (Map<?, ?>)
                json.readValue(viewer.startSession(a, TestJwts.token(alice)).body(), Map.class)
                        .get("cookies");
        String policy = (String) cookies.get("CloudFront-Policy");
        String signature = (String) cookies.get("CloudFront-Signature");
        char c = signature.charAt(10);
        String flipped = signature.substring(0, 10) + (c == 'x' ? 'y' : 'x') + signature.substring(11);
        CookieSigner.SignedCookies expired =
                new CookieSigner(keys, playback, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))).sign(a);

        // Alice's own private video: renewed with her token, and only asked to sign in again without one.
        assertThat(viewer.renew(a, cookies, TestJwts.token(alice)).statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = viewer.renew(a, cookies, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("Sign in to keep watching");
        assertThat(viewer.renew(a, cookies, TestJwts.token(bob)).statusCode()).isEqualTo(404);

        HttpResponse<String> foreign = viewer.renew(b, cookies, TestJwts.token(alice));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("/output/" + a + "/*", "not ");
        HttpResponse<String> forged = viewer.renew(
                a,
                Map.of("CloudFront-Policy", policy, "CloudFront-Signature", flipped, "CloudFront-Key-Pair-Id", "K2NEW"),
                TestJwts.token(alice));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("does not match");
        HttpResponse<String> unknownKey = viewer.renew(
                a,
                Map.of("CloudFront-Policy", policy, "CloudFront-Signature", signature, "CloudFront-Key-Pair-Id", "K9"),
                TestJwts.token(alice));
        assertThat(unknownKey.statusCode()).isEqualTo(403);
        HttpResponse<String> late = viewer.renew(
                a,
                Map.of(
                        "CloudFront-Policy", expired.policy(),
                        "CloudFront-Signature", expired.signature(),
                        "CloudFront-Key-Pair-Id", expired.keyPairId()),
                TestJwts.token(alice));
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(late.body()).contains("expired");
        HttpResponse<String> missing = viewer.renew(a, Map.of("CloudFront-Policy", policy), TestJwts.token(alice));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("CloudFront-Signature");
        assertThat(viewer.renew("not*an*id", cookies, null).statusCode()).isEqualTo(400);
    }

    @Test
    void strangersLearnNothingOfPrivateVideosAndWatchPublicOnes() throws Exception {
        String c = readyVideo(alice);

        // The same answer as for a video that does not exist, as the catalog gives.
        HttpResponse<String> stranger = new Viewer().startSession(c, TestJwts.token(bob));
        HttpResponse<String> nothing = new Viewer().startSession("no-such-" + c, TestJwts.token(bob));
        assertThat(stranger.statusCode()).isEqualTo(nothing.statusCode()).isEqualTo(404);
        assertThat(stranger.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(new Viewer().startSession(c, null).statusCode()).isEqualTo(404);

        Instant published = Instant.now();
        publish(new VideoUpdated(UUID.randomUUID().toString(), c, alice, published, "title", "", Visibility.PUBLIC));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> new Viewer().startSession(c, TestJwts.token(bob)).statusCode() == 200);
        // An older update arriving late does not make the video private again.
        VideoUpdated stale = new VideoUpdated(
                UUID.randomUUID().toString(), c, alice, published.minusSeconds(60), "title", "", Visibility.PRIVATE);
        publish(stale);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(stale.eventId()));

        assertThat(new Viewer().startSession(c, TestJwts.token(bob)).statusCode())
                .isEqualTo(200);
        assertThat(new Viewer().startSession(c, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anOperatorReplaysTheGroupAndTheServiceKeepsConsuming() throws Exception {
        String before = readyVideo(alice);
        HttpResponse<String> replay = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/kafka/replay"))
                                .header("Authorization", "Bearer " + TestJwts.token("ops", "admin"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        // The bindings were stopped, the offsets moved back, the bindings started: what was applied stays applied
        // (events are dropped by id), and new events are still consumed.
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(replay.body()).contains("\"group\":\"playback-service\"", "transcode.completed");
        assertThat(videos.findById(before).map(v -> v.playable())).hasValue(true);
        String after = readyVideo(alice);
        assertThat(videos.findById(after).map(v -> v.playable())).hasValue(true);
    }

    @Test
    void videosNotReadyUnknownOrDeletedGetNoCookie() throws Exception {
        String pending = "v" + UUID.randomUUID().toString().replace("-", "");
        VideoUpdated onlyUpdated = new VideoUpdated(
                UUID.randomUUID().toString(), pending, alice, Instant.now(), "t", "", Visibility.PUBLIC);
        publish(onlyUpdated);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(onlyUpdated.eventId()));
        String gone = readyVideo(alice);
        publish(new VideoDeleted(UUID.randomUUID().toString(), gone, alice, Instant.now()));

        HttpResponse<String> notReady = new Viewer().startSession(pending, TestJwts.token(alice));
        assertThat(notReady.statusCode()).isEqualTo(404);
        assertThat(notReady.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(notReady.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new Viewer().startSession("unknown", TestJwts.token(alice)).statusCode())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        new Viewer().startSession(gone, TestJwts.token(alice)).statusCode() == 404);

        HttpResponse<String> garbage = new Viewer().startSession("A*", TestJwts.token(alice));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("\"field\":\"id\"");
    }

    @Test
    void aVideoKeptForItsViewersIsRefusedAsSoonAsItsChangeIsApplied() throws Exception {
        String video = readyVideo(alice);
        Instant published = Instant.now();
        publish(new VideoUpdated(UUID.randomUUID().toString(), video, alice, published, "t", "", Visibility.PUBLIC));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        new Viewer().startSession(video, TestJwts.token(bob)).statusCode() == 200);
        assertThat(new Viewer().startSession(video, TestJwts.token(bob)).statusCode())
                .isEqualTo(200); // now kept, for an hour in this class

        VideoUpdated hidden = new VideoUpdated(
                UUID.randomUUID().toString(), video, alice, published.plusSeconds(1), "t", "", Visibility.PRIVATE);
        publish(hidden);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(hidden.eventId()));
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        new Viewer().startSession(video, TestJwts.token(bob)).statusCode() == 404);
        assertThat(new Viewer().startSession(video, TestJwts.token(alice)).statusCode())
                .isEqualTo(200);

        VideoDeleted deleted = new VideoDeleted(UUID.randomUUID().toString(), video, alice, Instant.now());
        publish(deleted);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(deleted.eventId()));
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        new Viewer().startSession(video, TestJwts.token(alice)).statusCode() == 404);
    }

    @Test
    void anEventNamingAnotherOwnerIsRefusedAndTheFirstOwnerKeepsTheVideo() throws Exception {
        String c = readyVideo(alice);
        VideoUpdated forged =
                new VideoUpdated(UUID.randomUUID().toString(), c, bob, Instant.now(), "mine", "", Visibility.PUBLIC);
        publish(forged);

        assertThat(deadLetterMessage("video.updated.playback-service.dlt", c)).contains("belongs to " + alice);
        assertThat(processed(forged.eventId())).isFalse();
        assertThat(new Viewer().startSession(c, TestJwts.token(alice)).statusCode())
                .isEqualTo(200);
        assertThat(new Viewer().startSession(c, TestJwts.token(bob)).statusCode())
                .isEqualTo(404);
        assertThat(videos.findById(c).orElseThrow().visibility()).isEqualTo(Visibility.PRIVATE);
    }

    @Test
    void aForgedEventAmongOthersIsRefusedAloneAndTheOthersAreAppliedInOrder() throws Exception {
        String video = readyVideo(alice);
        Instant now = Instant.now();
        VideoUpdated first =
                new VideoUpdated(UUID.randomUUID().toString(), video, alice, now, "t", "", Visibility.PUBLIC);
        VideoUpdated forged = new VideoUpdated(
                UUID.randomUUID().toString(), video, bob, now.plusMillis(1), "mine", "", Visibility.PUBLIC);
        VideoUpdated last = new VideoUpdated(
                UUID.randomUUID().toString(), video, alice, now.plusMillis(2), "t", "", Visibility.UNLISTED);
        List<String> others = new ArrayList<>();
        // Sent without waiting, so that a poll takes several in: the same video's records share a partition, in order.
        for (VodflowEvent event : List.of(first, forged, last, first)) {
            producer.send(EventRecords.of(event));
        }
        for (int i = 0; i < 20; i++) {
            String other = "v" + UUID.randomUUID().toString().replace("-", "");
            others.add(other);
            producer.send(EventRecords.of(
                    new VideoUpdated(UUID.randomUUID().toString(), other, alice, now, "t", "", Visibility.PUBLIC)));
        }
        producer.flush();

        assertThat(deadLetterMessage("video.updated.playback-service.dlt", video))
                .contains("belongs to " + alice);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(last.eventId()));
        assertThat(processed(first.eventId())).isTrue();
        assertThat(processed(forged.eventId())).isFalse();
        assertThat(videos.findById(video).orElseThrow().visibility()).isEqualTo(Visibility.UNLISTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> others.stream().allMatch(other -> videos.findById(other)
                .map(v -> v.visibility() == Visibility.PUBLIC && alice.equals(v.ownerId()))
                .orElse(false)));
    }

    @Test
    void aRecordThatCannotBeReadIsDeadLetteredAndTheNextOneIsApplied() throws Exception {
        String video = "v" + UUID.randomUUID().toString().replace("-", "");
        producer.send(new ProducerRecord<>("transcode.completed", video, "{not json".getBytes(StandardCharsets.UTF_8)))
                .get();
        String after = readyVideo(alice);

        assertThat(new Viewer().startSession(after, TestJwts.token(alice)).statusCode())
                .isEqualTo(200);
        assertThat(deadLetterMessage("transcode.completed.playback-service.dlt", video))
                .contains("ce_specversion");
    }

    // --- fixtures -------------------------------------------------------------------------------------------

    /** A transcoded video: fake HLS outputs in the local bucket and its transcode.completed on Kafka, applied. */
    String readyVideo(String owner) throws Exception {
        String video = "v" + UUID.randomUUID().toString().replace("-", "");
        String out = "output/" + video + "/";
        put(
                out + "hls/master.m3u8",
                "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n"
                        + "#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720\n720p/index.m3u8\n");
        for (String rendition : List.of("360p", "720p")) {
            put(
                    out + "hls/" + rendition + "/index.m3u8",
                    "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\nseg_0.ts\n#EXTINF:6.0,\nseg_1.ts\n#EXT-X-ENDLIST\n");
            for (int i = 0; i < 2; i++) {
                put(out + "hls/" + rendition + "/seg_" + i + ".ts", rendition + "-" + i + " of " + video);
            }
        }
        String downloads = "download/" + video + "/";
        put(downloads + "mp4/720.mp4", "mp4 bytes of " + video);
        TranscodeCompleted completed = new TranscodeCompleted(
                UUID.randomUUID().toString(),
                video,
                owner,
                Instant.now(),
                "job-" + video,
                12_000,
                new TranscodeCompleted.Dimensions(1280, 720),
                out + "hls/master.m3u8",
                List.of(new TranscodeCompleted.Rendition(
                        TranscodeCompleted.RenditionKind.MP4,
                        1280,
                        720,
                        3_000_000,
                        "avc1.4d401f",
                        downloads + "mp4/720.mp4")),
                List.of());
        publish(completed);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> videos.findById(video).map(v -> v.playable()).orElse(false));
        return video;
    }

    void put(String key, String body) {
        infra.s3().putObject(b -> b.bucket(infra.bucket()).key(key), RequestBody.fromString(body));
    }

    void publish(VodflowEvent event) throws Exception {
        producer.send(EventRecords.of(event)).get();
    }

    boolean processed(String eventId) {
        // The projection records the id in the same transaction as the effect.
        return jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Integer.class, eventId)
                == 1;
    }

    int fetch(String path, String policy, String signature, String keyPairId) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(edge.endpoint() + path))
                                .header("Cookie", cookieHeader(policy, signature, keyPairId))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static String cookieHeader(String policy, String signature, String keyPairId) {
        return "CloudFront-Policy=" + policy + "; CloudFront-Signature=" + signature + "; CloudFront-Key-Pair-Id="
                + keyPairId;
    }

    static String encode(String policy) {
        return java.util.Base64.getEncoder()
                .encodeToString(policy.getBytes(StandardCharsets.UTF_8))
                .replace('+', '-')
                .replace('=', '_')
                .replace('/', '~');
    }

    static String value(String headerValue) {
        return headerValue.substring(headerValue.indexOf('=') + 1);
    }

    static List<String> uris(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    static String resolve(String base, String relative) {
        return URI.create(base).resolve(relative).toString();
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config);
    }

    /** Why the record of {@code key} was dead-lettered to {@code topic}, once it is there. */
    static String deadLetterMessage(String topic, String key) {
        try (KafkaConsumer<String, byte[]> dlt = deadLetterConsumer()) {
            dlt.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                dlt.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.stream().anyMatch(r -> key.equals(r.key()));
            });
            ConsumerRecord<String, byte[]> dead = records.stream()
                    .filter(r -> key.equals(r.key()))
                    .findFirst()
                    .orElseThrow();
            return new String(
                    dead.headers()
                            .lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE)
                            .value(),
                    StandardCharsets.UTF_8);
        }
    }

    static KafkaConsumer<String, byte[]> deadLetterConsumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "playback-it-dlt-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /** A browser-like client: one cookie jar shared between the API and the CDN, as on one site. */
    final class Viewer {
        final HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> startSession(String video, String token) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/videos/" + video + "/playback-session"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> download(String video, String token, String filename) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/videos/"
                            + video + "/download?filename="
                            + java.net.URLEncoder.encode(filename, StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> renew(String video, Map<?, ?> cookies, String token) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/videos/" + video + "/playback-session/renewal"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("cookies", cookies))));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> startLiveSession(String channel, String token) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/live/" + channel + "/playback-session"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
