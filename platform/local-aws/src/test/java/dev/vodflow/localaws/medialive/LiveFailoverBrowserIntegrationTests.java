package dev.vodflow.localaws.medialive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.vodflow.browsertest.Chromium;
import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalS3;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.localaws.cloudfront.CloudFrontEdgeConfig;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The promise of resilient live in a browser: hls.js (the page's version, set up as the page sets it up: default live
 * settings, three segments behind the live edge) in headless Chromium plays a STANDARD channel through the edge with
 * signed cookies, from a page on another origin (CORS with credentials, as the gateway's page does). Pipeline A is
 * killed mid-stream, brought back, then B is killed: the video never stalls and its clock keeps going, and the
 * fragments it loads go on one sequence number at a time.
 *
 * <p>A stall is counted three ways, any one fails the test: a {@code waiting} event of the video once it played,
 * hls.js's {@code bufferStalledError}, and the video's clock standing still (less than 0.1 s in a second of wall
 * time while not paused). A wait or a still clock with a second or more of media buffered at the clock is the browser
 * short of CPU on a loaded machine, not the stream: reported, not failed. The report (logged, {@code live failover
 * in the browser:}) gives the time to fail over as the player saw it: its first playlist and first fragment from B
 * after A was killed, and its buffer then; and how far behind the live edge and behind the capture of what it showed
 * it played ({@code latencyS}).
 */
class LiveFailoverBrowserIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(LiveFailoverBrowserIntegrationTests.class);
    private static final String BUCKET = "vodflow-media";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /**
     * A wait or a still clock with at least this much media buffered at the clock (seconds) is the browser short of
     * CPU, not the stream running dry: both checks below use it.
     */
    private static final double MEDIA_AT_HAND_S = 1;

    private static final String HLS_JS = "META-INF/resources/webjars/hls.js/" + hlsJsVersion() + "/dist/hls.min.js";

    private static Path directory;
    private static LocalS3 s3;
    private static MediaLiveEmulator emulator;
    private static CloudFrontEdge edge;
    private static HttpServer page;
    private static MediaLiveClient client;
    private static S3Client objects;
    private static KeyPair key;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require();
        directory = Files.createTempDirectory("live-failover-browser-it");
        s3 = LocalS3.start(new LocalS3.Config(directory.resolve("s3"), 0, List.of()), null);
        s3.createBucket(BUCKET);
        emulator = MediaLiveEmulator.start(MediaLiveEmulator.Config.of(s3.endpoint())
                .withWorkDirectory(directory.resolve("work"))
                .withGracePeriod(Duration.ofSeconds(3)));
        page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", exchange -> {
            byte[] body;
            String type;
            if (exchange.getRequestURI().getPath().equals("/hls.min.js")) {
                try (InputStream in = LiveFailoverBrowserIntegrationTests.class
                        .getClassLoader()
                        .getResourceAsStream(HLS_JS)) {
                    body = in.readAllBytes();
                }
                type = "text/javascript";
            } else {
                body = PAGE.getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        page.start();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        edge = new CloudFrontEdge(new CloudFrontEdgeConfig(
                        0,
                        s3.endpoint(),
                        LocalAws.REGION,
                        LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY,
                        BUCKET,
                        Map.of("K1", key.getPublic()),
                        Set.of(pageOrigin())))
                .start();
        client = MediaLiveClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials())
                .build();
        objects = LocalAws.s3Client(s3.endpoint());
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (page != null) {
            page.stop(0);
        }
        if (emulator != null) {
            emulator.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void hlsJsPlaysThroughBothFailoversWithoutAStall() throws Exception {
        FailoverChannel channel = FailoverChannel.start(client, BUCKET);
        String name = channel.name();
        String channelId = channel.id();
        Process publisher = LivePublisher.start(channel.ingestUrl(), 180);
        ChromeDriver browser = Chromium.start(directory.resolve("chromium-profile"), 800, 600);
        try {
            await().atMost(PATIENCE)
                    .until(() -> text("live-a/" + name + "/master_180p.m3u8") != null
                            && text("live-b/" + name + "/master_180p.m3u8") != null);
            // the viewer's cookies, as playback-service issues them for live/{channelId}/*, set on the edge's host
            browser.get(edge.endpoint() + "/live/" + name + "/none");
            for (String cookie : cookies(edge.endpoint() + "/live/" + name + "/*")) {
                int equals = cookie.indexOf('=');
                browser.manage().addCookie(new Cookie(cookie.substring(0, equals), cookie.substring(equals + 1), "/"));
            }
            browser.get(pageOrigin() + "/");
            browser.executeScript("play(arguments[0])", edge.endpoint() + "/live/" + name + "/master.m3u8");
            double started = awaitPlayedPast(browser, 0, 4);

            Instant killA = Instant.now();
            double atKillA = currentTime(browser);
            emulator.killPipeline(channelId, 0);
            awaitPlayedPast(browser, atKillA, 12);
            assertThat(originsSince(browser, killA)).contains("live-b");

            emulator.restartPipeline(channelId, 0);
            Instant restartA = Instant.now();
            // A is back once the player gets its playlists from A again (A's new run has filled its window)
            await().atMost(PATIENCE)
                    .until(() -> playlistOriginsSince(browser, restartA).contains("live-a"));
            double atKillB = awaitPlayedPast(browser, currentTime(browser), 3);
            Instant killB = Instant.now();
            emulator.killPipeline(channelId, 1);
            awaitPlayedPast(browser, atKillB, 12);

            Map<String, Object> seen = report(browser, killA, restartA, killB);
            log.info("live failover in the browser: started at {} s; {}", started, seen);
            assertThat((List<?>) browser.executeScript("return log.errors.filter(e => e.fatal)"))
                    .as("fatal hls.js errors")
                    .isEmpty();
            // as with the clock below: a wait with media at hand is the browser short of CPU (the decoder fell
            // behind), reported with every wait; one without is a stall
            assertThat((List<?>) browser.executeScript(
                            "return log.waiting.filter(w => w.ahead < arguments[0])", MEDIA_AT_HAND_S))
                    .as("waiting events once playing, with less than a second buffered: %s", seen)
                    .isEmpty();
            assertThat((List<?>) browser.executeScript(
                            "return log.errors.filter(e => e.playing && e.details === 'bufferStalledError')"))
                    .as("hls.js buffer stalls once playing: %s", seen)
                    .isEmpty();
            // a clock that stands still with media to play is the browser short of CPU (load 40-50 here), reported
            // with every freeze; one that stands still with nothing left to play is a stall
            assertThat((List<?>) browser.executeScript(
                            "return freezes().filter(f => f.ahead < arguments[0])", MEDIA_AT_HAND_S))
                    .as("seconds in which the video's clock stood still for want of media, once playing: %s", seen)
                    .isEmpty();
            // once playing, one sequence number after the other; only a switch of rung (the player's own choice,
            // hls.js's ABR as the page has it) may fetch a number again, in the other rung. Before it plays, hls.js
            // may move its start to a newer live edge (slow start under load, or the first rung switch): no viewer
            // sees that.
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fragments = (List<Map<String, Object>>) browser.executeScript(
                    "return log.frags.map(f => ({ sn: f.sn, level: f.level, playing: f.playing }))");
            for (int i = 1; i < fragments.size(); i++) {
                if (!Boolean.TRUE.equals(fragments.get(i).get("playing"))) {
                    continue;
                }
                long previous = ((Number) fragments.get(i - 1).get("sn")).longValue();
                long current = ((Number) fragments.get(i).get("sn")).longValue();
                boolean switched = !fragments
                        .get(i)
                        .get("level")
                        .equals(fragments.get(i - 1).get("level"));
                assertThat(current == previous + 1 || (switched && current <= previous + 1 && current >= previous - 3))
                        .as("fragment %s after %s in %s", fragments.get(i), fragments.get(i - 1), fragments)
                        .isTrue();
            }
            // A carries the stream after B's kill; a segment B wrote before it died can still come from B where A
            // lacks it (the edge asks A first for every segment), which is the origin group doing its work
            assertThat(originsSince(browser, killB)).contains("live-a");
        } finally {
            browser.quit();
            publisher.destroy();
            publisher.waitFor(10, TimeUnit.SECONDS);
            client.stopChannel(r -> r.channelId(channelId));
        }
    }

    /** Waits until the video has played {@code seconds} past {@code from}; returns its time then. */
    private static double awaitPlayedPast(ChromeDriver browser, double from, double seconds) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> currentTime(browser) >= from + seconds);
        return currentTime(browser);
    }

    private static double currentTime(ChromeDriver browser) {
        return ((Number) browser.executeScript("return document.getElementById('player').currentTime")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> originsSince(ChromeDriver browser, Instant since) {
        return (List<String>) browser.executeScript(
                "return log.frags.filter(f => f.at > arguments[0]).map(f => f.origin)", since.toEpochMilli());
    }

    @SuppressWarnings("unchecked")
    private static List<String> playlistOriginsSince(ChromeDriver browser, Instant since) {
        return (List<String>) browser.executeScript(
                "return log.playlists.filter(p => p.at > arguments[0]).map(p => p.origin)", since.toEpochMilli());
    }

    /**
     * What the player saw: after each kill, the longest wait between two fragments it loaded and the least buffer it
     * had ahead; when it first loaded a fragment from B after A was killed, and from A again after A's restart.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(ChromeDriver browser, Instant killA, Instant restartA, Instant killB) {
        return (Map<String, Object>)
                browser.executeScript("""
                const [killA, restartA, killB] = arguments;
                const first = (from, origin) => {
                  const found = log.frags.find(f => f.at > from && f.origin === origin);
                  return found ? found.at - from : -1;
                };
                const after = (from, to) => {
                  const frags = log.frags.filter(f => f.at > from && f.at < to);
                  let gap = 0, prev = log.frags.filter(f => f.at <= from).map(f => f.at).pop() || from;
                  for (const f of frags) { gap = Math.max(gap, f.at - prev); prev = f.at; }
                  const ahead = log.samples.filter(s => s.at > from && s.at < to).map(s => s.ahead);
                  const before = log.samples.filter(s => s.at <= from).pop();
                  return { longestFragmentGapMs: gap, bufferAheadAtKillS: before ? before.ahead : -1,
                           leastBufferAheadS: ahead.length ? Math.min(...ahead) : -1 };
                };
                const firstPlaylist = (from, origin) => {
                  const found = log.playlists.find(p => p.at > from && p.origin === origin);
                  return found ? found.at - from : -1;
                };
                return { killA: after(killA, restartA), playlistFromBAfterKillAMs: firstPlaylist(killA, 'live-b'),
                         fragmentFromBAfterKillAMs: first(killA, 'live-b'),
                         playlistFromAAfterRestartMs: firstPlaylist(restartA, 'live-a'),
                         playlistFromBAfterKillBMs: firstPlaylist(killB, 'live-b'), killB: after(killB, Date.now()),
                         waiting: log.waiting, freezes: freezes(), clockBehindWallS: clockBehindWall(),
                         mostBufferedRanges: Math.max(...log.samples.map(s => s.ranges)),
                         latencyS: latency(),
                         errors: log.errors.map(e => e.details + '/' + e.status),
                         fragments: log.frags.length, levels: [...new Set(log.frags.map(f => f.level))] };
                """, killA.toEpochMilli(), restartA.toEpochMilli(), killB.toEpochMilli());
    }

    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>live failover</title>
            <script src="/hls.min.js"></script></head>
            <body><video id="player" muted playsinline></video>
            <script>
            window.log = { playing: false, waiting: [], errors: [], frags: [], playlists: [], samples: [] };
            // what can play without a wait: the buffered range the clock is in (a later range is no help)
            function bufferedAhead(video) {
              const b = video.buffered, t = video.currentTime;
              let ahead = 0;
              for (let i = 0; i < b.length; i++) {
                if (b.start(i) <= t + 0.1 && b.end(i) > t) ahead = b.end(i) - t;
              }
              return ahead;
            }
            // every stretch of at least a second of wall time, once playing and not paused, in which the video's
            // clock moved less than 0.1 s: what a viewer sees as a freeze, whatever the events said
            function freezes() {
              const found = [];
              const samples = log.samples.filter(s => s.playing && !s.paused);
              let from = 0;
              for (let i = 1; i < samples.length; i++) {
                if (samples[i].t - samples[from].t >= 0.1) { from = i; continue; }
                if (samples[i].at - samples[from].at >= 1000 && (found.length === 0
                    || found[found.length - 1].from !== samples[from].at)) {
                  found.push({ from: samples[from].at, t: samples[from].t, ahead: samples[from].ahead });
                }
              }
              return found;
            }
            // how far behind the viewer was while playing, least, mean and most: behind the newest segment in its
            // playlist (hls.js's latency), and behind the capture of the frame on screen (its program date-time)
            function latency() {
              const stats = (values) => values.length === 0 ? {} : { least: Math.min(...values),
                mean: values.reduce((a, b) => a + b, 0) / values.length, most: Math.max(...values) };
              const playing = log.samples.filter(s => s.playing);
              return { behindEdge: stats(playing.filter(s => s.latency > 0).map(s => s.latency)),
                       sinceCapture: stats(playing.filter(s => s.sinceCapture > 0).map(s => s.sinceCapture)) };
            }
            // how far the video's clock fell behind the wall clock while playing: every small freeze, summed
            function clockBehindWall() {
              const samples = log.samples.filter(s => s.playing);
              if (samples.length < 2) return 0;
              const first = samples[0], last = samples[samples.length - 1];
              return (last.at - first.at) / 1000 - (last.t - first.t);
            }
            // hls.js as the gateway's page (app.js playHls) sets it up: credentials on every request, live start
            function play(url) {
              const video = document.getElementById('player');
              video.addEventListener('playing', () => { log.playing = true; });
              video.addEventListener('waiting', () => {
                if (log.playing) log.waiting.push({ at: Date.now(), t: video.currentTime, ahead: bufferedAhead(video),
                  seeking: video.seeking });
              });
              const hls = new Hls({ xhrSetup: (xhr) => { xhr.withCredentials = true; }, startPosition: -1 });
              window.player = hls;
              hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => {}); });
              hls.on(Hls.Events.FRAG_LOADED, (_, data) => {
                const xhr = data.networkDetails;
                log.frags.push({ sn: data.frag.sn, level: data.frag.level, at: Date.now(), playing: log.playing,
                  origin: xhr && xhr.getResponseHeader ? xhr.getResponseHeader('X-Vodflow-Edge-Origin') : null });
              });
              hls.on(Hls.Events.LEVEL_LOADED, (_, data) => {
                const xhr = data.networkDetails;
                log.playlists.push({ at: Date.now(), start: data.details.startSN, end: data.details.endSN,
                  origin: xhr && xhr.getResponseHeader ? xhr.getResponseHeader('X-Vodflow-Edge-Origin') : null });
              });
              hls.on(Hls.Events.ERROR, (_, data) => log.errors.push({ details: data.details, fatal: data.fatal,
                playing: log.playing, status: data.response && data.response.code, at: Date.now() }));
              setInterval(() => {
                const b = video.buffered, t = video.currentTime;
                log.samples.push({ at: Date.now(), t, paused: video.paused, playing: log.playing,
                  ahead: bufferedAhead(video), ranges: b.length, latency: hls.latency,
                  sinceCapture: hls.playingDate ? (Date.now() - hls.playingDate.getTime()) / 1000 : 0 });
              }, 250);
              hls.loadSource(url);
              hls.attachMedia(video);
            }
            </script></body></html>
            """;

    private static String pageOrigin() {
        return "http://localhost:" + page.getAddress().getPort();
    }

    private static String hlsJsVersion() {
        try (InputStream in = LiveFailoverBrowserIntegrationTests.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/hls.js/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the hls.js webjar is not on the test classpath", e);
        }
    }

    private static List<String> cookies(String resource) {
        CookiesForCustomPolicy cookies = CloudFrontUtilities.create()
                .getCookiesForCustomPolicy(r -> r.resourceUrl(resource)
                        .privateKey(key.getPrivate())
                        .keyPairId("K1")
                        .expirationDate(Instant.now().plusSeconds(600)));
        return List.of(cookies.policyHeaderValue(), cookies.signatureHeaderValue(), cookies.keyPairIdHeaderValue());
    }

    private static String text(String key) {
        try {
            return objects.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }
}
