package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.testsupport.TestStreams;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live path end to end against the whole stack, as a broadcaster and a viewer meet it: alice creates a channel
 * through the gateway and starts it, FFmpeg publishes 20 s to the ingest URL she was given, bob watches through the
 * CDN with the cookies playback gave him while it is live, and once alice stops it the recording is a READY video
 * in her catalog, with the broadcast's id. The same over SRT.
 */
@ExtendWith(SharedDevStack.class)
class LiveStreamIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void publishWatchThroughTheCdnWhileLiveThenFindTheRecordingReady() throws Exception {
        HttpClient broadcaster = HttpClient.newHttpClient();
        String alice = StackClient.token("alice");
        JsonNode channel = send(broadcaster, "POST", "/api/live/channels", alice, "{\"title\":\"Whole path\"}", 201);
        String id = channel.path("id").asString();
        String ingest = channel.path("ingest").path("url").asString();
        assertThat(ingest).startsWith("rtmp://").contains(":" + DevStack.RTMP_PORT + "/live/");
        String broadcast = send(broadcaster, "POST", "/api/live/channels/" + id + "/start", alice, null, 200)
                .path("broadcastId")
                .asString();

        Process publisher = TestStreams.publish(ingest, 20);
        try {
            // bob, a viewer, with one cookie jar for the API and the CDN as a browser on one site has; his cookies last
            // only seconds in the tests' stack, so each look at the CDN starts with a fresh session, as the page's
            // renewal keeps its own fresh
            HttpClient viewer =
                    HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            String bob = StackClient.token("bob");
            String manifest =
                    await().atMost(Duration.ofMinutes(2)).until(() -> session(viewer, bob, id), url -> url != null);
            assertThat(manifest).isEqualTo(DevStack.CDN_URL + "/live/" + id + "/master.m3u8");

            String master = await().atMost(Duration.ofMinutes(1))
                    .until(() -> session(viewer, bob, id) != null ? get(viewer, manifest) : null, body -> body != null);
            List<String> rungs = uris(master);
            assertThat(rungs).hasSizeGreaterThanOrEqualTo(2);
            assertThat(session(viewer, bob, id)).isEqualTo(manifest);
            String rung = URI.create(manifest).resolve(rungs.get(0)).toString();
            String playlist = get(viewer, rung);
            assertThat(playlist).contains("#EXT-X-PROGRAM-DATE-TIME:").doesNotContain("#EXT-X-ENDLIST");
            List<String> segments = uris(playlist);
            String newest =
                    URI.create(rung).resolve(segments.get(segments.size() - 1)).toString();
            HttpResponse<byte[]> segment = viewer.send(
                    HttpRequest.newBuilder(URI.create(newest)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(segment.statusCode()).isEqualTo(200);
            assertThat(segment.body()[0]).as("an MPEG-TS sync byte").isEqualTo((byte) 0x47);
            assertThat(publisher.isAlive()).as("still live while watched").isTrue();
            // viewers find it in the catalog's list of live channels
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                HttpResponse<String> list = viewer.send(
                        request("GET", "/api/videos/live", bob, null), HttpResponse.BodyHandlers.ofString());
                return list.statusCode() == 200
                        && JSON.readTree(list.body()).findValues("channelId").stream()
                                .anyMatch(c -> c.asString().equals(id));
            });

            HttpResponse<String> stranger = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(manifest)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stranger.statusCode()).as("the CDN without cookies").isEqualTo(403);
        } finally {
            assertThat(publisher.waitFor(2, TimeUnit.MINUTES)).isTrue();
        }

        send(broadcaster, "POST", "/api/live/channels/" + id + "/stop", alice, null, 200);
        JsonNode video = await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> {
                            HttpResponse<String> answer = broadcaster.send(
                                    request("GET", "/api/videos/" + broadcast, alice, null),
                                    HttpResponse.BodyHandlers.ofString());
                            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
                        },
                        v -> v != null && "READY".equals(v.path("state").asString()));
        assertThat(video.path("title").asString()).isEqualTo("whole path");
    }

    /** A playback session for the live channel {@code id}: its cookies go into the viewer's jar; its manifest URL. */
    private static String session(HttpClient viewer, String token, String id) throws Exception {
        HttpResponse<String> session = viewer.send(
                request("POST", "/api/playback/live/" + id + "/playback-session", token, null),
                HttpResponse.BodyHandlers.ofString());
        return session.statusCode() == 200
                ? JSON.readTree(session.body()).path("manifestUrl").asString()
                : null;
    }

    @Test
    void anSrtPublishWithTheKeyPlaysThroughTheCdnAndAWrongKeyIsRefused() throws Exception {
        HttpClient broadcaster = HttpClient.newHttpClient();
        String alice = StackClient.token("alice");
        JsonNode channel = send(broadcaster, "POST", "/api/live/channels", alice, "{\"title\":\"Over SRT\"}", 201);
        String id = channel.path("id").asString();
        String key = channel.path("ingest").path("streamKey").asString();
        String srt = channel.path("ingest").path("srt").path("url").asString();
        assertThat(srt).isEqualTo("srt://127.0.0.1:" + DevStack.SRT_PORT + "?streamid=" + key);
        send(broadcaster, "POST", "/api/live/channels/" + id + "/start", alice, null, 200);

        Process wrongKey = TestStreams.publishSrt(srt.replace(key, "not-the-key"), 30);
        assertThat(wrongKey.waitFor(1, TimeUnit.MINUTES))
                .as("the ingest ends an SRT caller with a wrong key")
                .isTrue();
        // as long as the viewer needs, then the test ends it: the listener probes about 6 s of the stream before it
        // accepts it, so a 15 s publish left 9 s for the whole way to the CDN (a CI run on 4 Dec waited 2 minutes
        // for the stream with it; not reproduced here, even at load 14). A publisher that ends early fails the waits
        // at once, with its exit code.
        Process publisher = TestStreams.publishSrt(srt, 180);
        try {
            Viewer viewer = Viewer.of(id, "bob", publisher);
            List<String> segments = Viewer.whilePublishing(publisher, "two segments in the rung's playlist")
                    .until(() -> uris(viewer.get(viewer.rung()).body()), list -> list.size() >= 2);
            HttpResponse<String> segment = viewer.get(viewer.segment(segments.get(segments.size() - 1)));
            assertThat(segment.statusCode()).isEqualTo(200);
            assertThat(segment.body().charAt(0)).as("an MPEG-TS sync byte").isEqualTo((char) 0x47);
        } finally {
            publisher.destroy();
            publisher.waitFor(30, TimeUnit.SECONDS);
            send(broadcaster, "POST", "/api/live/channels/" + id + "/stop", alice, null, 200);
        }
    }

    /** A viewer of a channel through the CDN; it renews its playback session before each request, as the page does. */
    private record Viewer(HttpClient client, URI master, String rungPath, String channelId, String token) {

        /**
         * A viewer once the channel has a playback session and its master playlist lists a rung; a publisher that
         * ends before that fails the wait at once, with its exit code.
         */
        static Viewer of(String channelId, String user, Process publisher) throws Exception {
            HttpClient client =
                    HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            String token = StackClient.token(user);
            String manifest = whilePublishing(publisher, "a playback session for the live channel")
                    .until(
                            () -> {
                                HttpResponse<String> session = client.send(
                                        request(
                                                "POST",
                                                "/api/playback/live/" + channelId + "/playback-session",
                                                token,
                                                null),
                                        HttpResponse.BodyHandlers.ofString());
                                return session.statusCode() == 200
                                        ? JSON.readTree(session.body())
                                                .path("manifestUrl")
                                                .asString()
                                        : null;
                            },
                            url -> url != null);
            URI master = URI.create(manifest);
            String rung = whilePublishing(publisher, "a rung in the master playlist on the CDN")
                    .until(
                            () -> {
                                // the shared stack's cookies last seconds: renewed before each look, as the page does
                                client.send(
                                        request(
                                                "POST",
                                                "/api/playback/live/" + channelId + "/playback-session",
                                                token,
                                                null),
                                        HttpResponse.BodyHandlers.discarding());
                                HttpResponse<String> answer = client.send(
                                        HttpRequest.newBuilder(master).build(), HttpResponse.BodyHandlers.ofString());
                                List<String> rungs = answer.statusCode() == 200 ? uris(answer.body()) : List.of();
                                return rungs.isEmpty() ? null : rungs.get(rungs.size() - 1);
                            },
                            r -> r != null);
            return new Viewer(client, master, rung, channelId, token);
        }

        /** A wait of up to 2 minutes for {@code step}, which fails at once, with its exit code, if the publisher ends. */
        static ConditionFactory whilePublishing(Process publisher, String step) {
            ThrowingRunnable running = () -> assertThat(publisher.isAlive())
                    .as(() -> "publisher running (exit " + publisher.exitValue() + ")")
                    .isTrue();
            return await(step)
                    .atMost(Duration.ofMinutes(2))
                    .failFast("the SRT publisher ended before the viewer saw the stream", running);
        }

        URI rung() {
            return master.resolve(rungPath);
        }

        URI segment(String name) {
            return rung().resolve(name);
        }

        HttpResponse<String> get(URI uri) throws Exception {
            // the shared stack's cookies last seconds: a fresh session's cookies go into the jar first
            client.send(
                    request("POST", "/api/playback/live/" + channelId + "/playback-session", token, null),
                    HttpResponse.BodyHandlers.discarding());
            return client.send(
                    HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    private static HttpRequest request(String method, String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create(DevStack.GATEWAY_URL + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static JsonNode send(HttpClient client, String method, String path, String token, String body, int status)
            throws Exception {
        HttpResponse<String> response =
                client.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static String get(HttpClient client, String url) throws Exception {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }

    private static List<String> uris(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
}
