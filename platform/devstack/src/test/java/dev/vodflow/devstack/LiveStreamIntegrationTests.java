package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.localaws.medialive.MediaLiveEmulator;
import dev.vodflow.testsupport.TestStreams;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live path end to end against the whole stack, as a broadcaster and a viewer meet it: alice creates a channel
 * through the gateway and starts it, FFmpeg publishes 20 s to the ingest URL she was given, bob watches through the
 * CDN with the cookies playback gave him while it is live, and once alice stops it the recording is a READY video
 * in her catalog, with the broadcast's id. The same over SRT, and a browser that plays on while each pipeline in turn
 * fails. One stack for all of them.
 */
@ExtendWith(SharedDevStack.class)
@SuppressWarnings("unchecked") // what the browser's JavaScript returns
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
        Process publisher = TestStreams.publishSrt(srt, 15);
        try {
            Viewer viewer = Viewer.of(id, "bob");
            List<String> segments = await().atMost(Duration.ofMinutes(2))
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

    /**
     * The promise of two pipelines, as a viewer meets it: the web page plays a live channel with hls.js through the
     * CDN while pipeline A dies, comes back, and then B dies; the picture never stops (no {@code waiting} event, no
     * BUFFER_STALLED_ERROR), the fragments it plays run on with consecutive media sequence numbers and date-times one
     * segment apart. Prints how long the edge took to answer from B.
     */
    @Test
    void aBrowserPlaysOnWithoutAStallWhileEachPipelineInTurnFails() throws Exception {
        WebPageIntegrationTests.requireChromium();
        HttpClient broadcaster = HttpClient.newHttpClient();
        String alice = StackClient.token("alice");
        JsonNode channel = send(broadcaster, "POST", "/api/live/channels", alice, "{\"title\":\"Failover\"}", 201);
        String id = channel.path("id").asString();
        send(broadcaster, "POST", "/api/live/channels/" + id + "/start", alice, null, 200);
        MediaLiveEmulator emulator = SharedDevStack.mediaLive();
        String pipelines = emulator.channelIdByName("vodflow-" + id).orElseThrow();
        Process publisher =
                TestStreams.publish(channel.path("ingest").path("url").asString(), 180);
        ChromeDriver browser =
                WebPageIntegrationTests.chromium(SharedDevStack.workDirectory().resolve("chromium-live"));
        try {
            Viewer edge = Viewer.of(id, "alice");
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> edge.get(edge.rung()).statusCode() == 200);
            JavascriptExecutor js = browser;
            signIn(browser);
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.elementToBeClickable(
                            By.cssSelector("#channels .channel[data-id='" + id + "'] .watch")))
                    .click();
            // playing, then held on the lowest rung (a rung switch re-buffers by design, which is not the point here)
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> currentTime(js) > 2);
            js.executeScript("window.vodflowPlayer.nextLevel = 0");
            double settled = currentTime(js);
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> currentTime(js) > settled + 4);
            js.executeScript(PROBES);

            double beforeA = currentTime(js);
            long killedA = System.nanoTime();
            emulator.killPipeline(pipelines, 0);
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> "live-b".equals(edge.origin()));
            long failoverMillis = (System.nanoTime() - killedA) / 1_000_000;
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> currentTime(js) > beforeA + 6);

            emulator.restartPipeline(pipelines, 0);
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> "live-a".equals(edge.origin()));
            double beforeB = currentTime(js);
            emulator.killPipeline(pipelines, 1);
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> currentTime(js) > beforeB + 5);

            Map<String, Object> probe = (Map<String, Object>) js.executeScript("return window.liveProbe");
            List<Map<String, Object>> fragments = (List<Map<String, Object>>) probe.get("fragments");
            long maxGap = 0;
            for (int i = 1; i < fragments.size(); i++) {
                long sequence = ((Number) fragments.get(i).get("sn")).longValue();
                long previous = ((Number) fragments.get(i - 1).get("sn")).longValue();
                assertThat(sequence).as("media sequence after " + previous).isEqualTo(previous + 1);
                double step = ((Number) fragments.get(i).get("pdt")).doubleValue()
                        - ((Number) fragments.get(i - 1).get("pdt")).doubleValue();
                assertThat(step)
                        .as("date-time step after " + previous + " (ms)")
                        .isBetween(950.0, 1050.0);
                maxGap = Math.max(
                        maxGap,
                        ((Number) fragments.get(i).get("at")).longValue()
                                - ((Number) fragments.get(i - 1).get("at")).longValue());
            }
            System.out.printf(
                    "*** live failover in the browser: edge answered from B %d ms after A was killed; %d fragments"
                            + " played, longest wait between two %d ms; waiting events %s, stalls %s%n",
                    failoverMillis, fragments.size(), maxGap, probe.get("waiting"), probe.get("stalls"));
            assertThat(fragments.size())
                    .as("fragments played across both failures")
                    .isGreaterThanOrEqualTo(12);
            assertThat(((Number) probe.get("waiting")).longValue())
                    .as("video 'waiting' events")
                    .isZero();
            assertThat(((Number) probe.get("stalls")).longValue())
                    .as("hls.js BUFFER_STALLED_ERROR")
                    .isZero();
            assertThat((List<?>) js.executeScript("return window.vodflowErrors.filter(e => e.fatal)"))
                    .isEmpty();
        } finally {
            browser.quit();
            publisher.destroy();
            publisher.waitFor(30, TimeUnit.SECONDS);
            send(broadcaster, "POST", "/api/live/channels/" + id + "/stop", alice, null, 200);
        }
    }

    /** Counted from the moment the player is settled: stalls, 'waiting', and each fragment as playback enters it. */
    private static final String PROBES = """
            const probe = window.liveProbe = { waiting: 0, stalls: 0, fragments: [] };
            document.getElementById('player').addEventListener('waiting', () => probe.waiting++);
            window.vodflowPlayer.on(Hls.Events.ERROR, (_, data) => {
              if (data.details === Hls.ErrorDetails.BUFFER_STALLED_ERROR) probe.stalls++;
            });
            window.vodflowPlayer.on(Hls.Events.FRAG_CHANGED, (_, data) => probe.fragments.push(
                { sn: data.frag.sn, pdt: data.frag.programDateTime, at: Date.now() }));
            """;

    private static double currentTime(JavascriptExecutor js) {
        return ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue();
    }

    private static void signIn(ChromeDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(DevStack.GATEWAY_URL);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")))
                .sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys("alice");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
    }

    /** A viewer of one channel with playback's cookies, reading the lowest rung's playlist through the CDN. */
    /** A viewer of a channel through the CDN; it renews its playback session before each request, as the page does. */
    private record Viewer(HttpClient client, URI master, String rungPath, String channelId, String token) {

        static Viewer of(String channelId, String user) throws Exception {
            HttpClient client =
                    HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            String token = StackClient.token(user);
            String manifest = await().atMost(Duration.ofMinutes(2))
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
            String rung = await().atMost(Duration.ofMinutes(2))
                    .until(
                            () -> {
                                HttpResponse<String> answer = client.send(
                                        HttpRequest.newBuilder(master).build(), HttpResponse.BodyHandlers.ofString());
                                List<String> rungs = answer.statusCode() == 200 ? uris(answer.body()) : List.of();
                                return rungs.isEmpty() ? null : rungs.get(rungs.size() - 1);
                            },
                            r -> r != null);
            return new Viewer(client, master, rung, channelId, token);
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

        /** Which pipeline's output the edge answered the rung's playlist from ({@code live-a} or {@code live-b}). */
        String origin() throws Exception {
            return get(rung()).headers().firstValue("X-Vodflow-Edge-Origin").orElse(null);
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
