package dev.vodflow.devstack;

import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live latency against a running {@code ./devstack} (not a test: run it by hand). FFmpeg publishes a picture with
 * the wall clock burnt in (drawtext) in real time; a reader polls a rung's playlist through the CDN with playback's
 * cookies every 50 ms, and for each new segment records how long after its first frame was captured it became
 * playable: now minus its {@code EXT-X-PROGRAM-DATE-TIME} (publisher, emulator and reader share this machine's
 * clock). A player adds its hold-back behind the live edge on top (hls.js: 3 segments by default, 1 s each here).
 *
 * <p>Start {@code ./devstack} in another terminal, then run {@code main} (argument: seconds to publish, 60 by
 * default) on this module's test class path, for example from an IDE.
 */
public final class LiveLatencyBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String token = StackClient.token("alice");
        var channel = JSON.readTree(send(http, "POST", "/api/live/channels", token, "{\"title\":\"latency\"}"));
        String id = channel.path("id").asString();
        send(http, "POST", "/api/live/channels/" + id + "/start", token, null);
        Process publisher = new ProcessBuilder(
                        SampleClips.binaries().ffmpeg().toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-re",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=1280x720:rate=30:duration=" + seconds,
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=duration=" + seconds,
                        "-vf",
                        "drawtext=text='%{localtime\\:%T}':fontsize=96:fontcolor=white:box=1:x=40:y=40",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-tune",
                        "zerolatency",
                        "-g",
                        "30",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-f",
                        "flv",
                        channel.path("ingest").path("url").asString())
                .inheritIO()
                .start();
        String manifest = null;
        while (manifest == null) {
            String session = send(http, "POST", "/api/playback/live/" + id + "/playback-session", token, null);
            manifest = session == null
                    ? null
                    : JSON.readTree(session).path("manifestUrl").asString();
            Thread.sleep(500);
        }
        String rung = null;
        while (rung == null) {
            String master = get(http, manifest);
            rung = master == null
                    ? null
                    : URI.create(manifest).resolve(uris(master).get(0)).toString();
            Thread.sleep(200);
        }
        List<Long> latencies = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (publisher.isAlive()) {
            String playlist = get(http, rung);
            Instant now = Instant.now();
            if (playlist != null) {
                Instant pdt = null;
                for (String line : playlist.lines().toList()) {
                    if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                        pdt = java.time.OffsetDateTime.parse(line.substring(line.indexOf(':') + 1)
                                        .replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2"))
                                .toInstant();
                    } else if (!line.startsWith("#") && !line.isBlank()) {
                        // the first listing of a segment seen after the first poll: the playlist was just replaced
                        if (seen.add(line) && pdt != null && seen.size() > 6) {
                            latencies.add(Duration.between(pdt, now).toMillis());
                        }
                        pdt = null;
                    }
                }
            }
            Thread.sleep(50);
        }
        send(http, "POST", "/api/live/channels/" + id + "/stop", token, null);
        latencies.sort(Long::compare);
        System.out.printf(
                "segments %d  capture-to-playable p50 %d ms  p95 %d ms  max %d ms%n",
                latencies.size(),
                latencies.get(latencies.size() / 2),
                latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1),
                latencies.get(latencies.size() - 1));
    }

    private static String send(HttpClient http, String method, String path, String token, String body)
            throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(DevStack.GATEWAY_URL + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() / 100 == 2 ? response.body() : null;
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }

    private static List<String> uris(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private LiveLatencyBenchmark() {}
}
