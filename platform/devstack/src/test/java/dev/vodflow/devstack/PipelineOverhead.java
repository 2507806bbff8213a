package dev.vodflow.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's own time around a transcode, for the {@code pipeline} row of {@link StackBenchmark}: {@code uploads}
 * small clips go through the API as the page sends them ({@code inFlight} at a time), and for each video
 *
 * <ul>
 *   <li><b>in</b>: from the moment S3 answered the upload's PUT to the job's {@code submitTime} in the MediaConvert
 *       emulator (S3 event, SQS, upload-service, {@code video.uploaded}, the orchestrator's probe and CreateJob);
 *   <li><b>out</b>: from the job's {@code finishTime} to the moment the video is READY in the catalog, a playback
 *       session is granted and its HLS manifest comes through the CDN edge with the session's cookies (the job's
 *       COMPLETE event, the orchestrator's report, {@code transcode.completed}, catalog, {@code video.updated},
 *       playback's projection).
 * </ul>
 *
 * The job's times come from the emulator's ListJobs (milliseconds); the client's from this machine's clock, which
 * the emulator shares. The client looks every {@code POLL} for READY and then for a session and the manifest, so
 * "out" is late by up to one poll interval.
 */
final class PipelineOverhead {

    /** The titles of the row's uploads, untimed and timed, each followed by its number. */
    static final String WARM_UP_TITLE = "pipeline warm-up ";

    static final String TIMED_TITLE = "pipeline overhead ";

    /** How often a waiting upload asks the catalog, then playback and the edge. */
    static final Duration POLL = Duration.ofMillis(25);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One video's path through the pipeline: its upload stored, its job submitted and finished, it played. */
    record Trip(String videoId, Instant stored, Instant submitted, Instant finished, Instant playable, int jobs) {

        Duration in() {
            return Duration.between(stored, submitted);
        }

        Duration out() {
            return Duration.between(finished, playable);
        }

        Duration transcode() {
            return Duration.between(submitted, finished);
        }
    }

    /** The run's figures: per-video in, out and their sum, and the transcodes they surround. */
    record Result(List<Trip> trips, int inFlight, int clipSeconds) {

        long p(int percentile, java.util.function.Function<Trip, Duration> part) {
            List<Long> millis = trips.stream()
                    .map(trip -> part.apply(trip).toMillis())
                    .sorted()
                    .toList();
            int index = (int) Math.ceil(percentile / 100.0 * millis.size()) - 1;
            return millis.get(Math.max(0, index));
        }

        long p99Total() {
            return p(99, trip -> trip.in().plus(trip.out()));
        }

        String figure() {
            return String.format(
                    Locale.ROOT,
                    "total p50 %d ms, p99 %d ms, max %d ms (in p50 %d / p99 %d ms; out p50 %d / p99 %d ms)",
                    p(50, trip -> trip.in().plus(trip.out())),
                    p99Total(),
                    p(100, trip -> trip.in().plus(trip.out())),
                    p(50, Trip::in),
                    p(99, Trip::in),
                    p(50, Trip::out),
                    p(99, Trip::out));
        }

        String anchor() {
            long retried = trips.stream().filter(trip -> trip.jobs() > 1).count();
            return String.format(
                    Locale.ROOT,
                    "transcode itself p50 %d ms, p99 %d ms%s",
                    p(50, Trip::transcode),
                    p(99, Trip::transcode),
                    retried > 0 ? " (" + retried + " videos needed a second job)" : "");
        }
    }

    private final URI mediaConvert;

    PipelineOverhead(JsonNode endpoints) {
        JsonNode endpoint = endpoints.path("mediaconvert").path("endpoint");
        if (endpoint.isMissingNode()) {
            throw new IllegalStateException("endpoints.json names no MediaConvert endpoint: restart the stack with"
                    + " this build (it writes one under \"mediaconvert\")");
        }
        this.mediaConvert = URI.create(endpoint.asString());
    }

    /** One upload as the client saw it: S3 answered its PUT, then it played. */
    private record Played(String videoId, Instant stored, Instant playable) {}

    /**
     * Uploads {@code warmUp} copies of a {@code clipSeconds} s clip that are not timed, as the HTTP rows' wrk warms
     * up first (the first uploads after a start find the path's code not yet compiled: the two slowest trips of a
     * run on a fresh stack were its first two), then {@code uploads} copies that are; {@code inFlight} at a time.
     */
    Result run(Path work, int warmUp, int uploads, int inFlight, int clipSeconds) throws Exception {
        Path clip = StackClient.clip(work.resolve("pipeline-" + clipSeconds + "s.mp4"), "320x180", clipSeconds);
        String token = StackClient.token("alice");
        List<Played> warm = upload(token, clip, WARM_UP_TITLE, warmUp, inFlight);
        List<Played> played = upload(token, clip, TIMED_TITLE, uploads, inFlight);
        Map<String, List<JsonNode>> jobs = StackClient.mediaConvertJobs(mediaConvert);
        List<Trip> trips = new ArrayList<>();
        for (Played video : played) {
            List<JsonNode> itsJobs = jobs.getOrDefault(video.videoId(), List.of());
            JsonNode complete = itsJobs.stream()
                    .filter(job -> job.path("status").asString().equals("COMPLETE"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "video " + video.videoId() + " played but the emulator lists no COMPLETE job for it"));
            Instant firstSubmitted = itsJobs.stream()
                    .map(job -> seconds(job.path("timing").path("submitTime")))
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            trips.add(new Trip(
                    video.videoId(),
                    video.stored(),
                    firstSubmitted,
                    seconds(complete.path("timing").path("finishTime")),
                    video.playable(),
                    itsJobs.size()));
        }
        // each trip, in the order the uploads were stored, for a look at where a slow one lost its time
        Files.write(
                work.resolve("pipeline-trips.txt"),
                trips.stream()
                        .sorted(Comparator.comparing(Trip::stored))
                        .map(trip -> String.format(
                                Locale.ROOT,
                                "%s stored %s in %d ms, transcode %d ms, out %d ms, jobs %d",
                                trip.videoId(),
                                trip.stored(),
                                trip.in().toMillis(),
                                trip.transcode().toMillis(),
                                trip.out().toMillis(),
                                trip.jobs()))
                        .toList());
        // Gone again, as the user would delete them: left in alice's catalog, every run made the catalog row's list
        // and search read more videos than the run before (205 of alice's after one whole run instead of 101).
        List<String> made = new ArrayList<>();
        warm.forEach(video -> made.add(video.videoId()));
        played.forEach(video -> made.add(video.videoId()));
        StackClient.deleteVideos(token, made);
        System.out.printf("pipeline: deleted the row's %d videos through the API%n", made.size());
        return new Result(trips, inFlight, clipSeconds);
    }

    private List<Played> upload(String token, Path clip, String titled, int count, int inFlight) throws Exception {
        List<Played> played = new ArrayList<>();
        ExecutorService uploaders = Executors.newFixedThreadPool(inFlight);
        try {
            List<Future<Played>> running = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String title = titled + i;
                running.add(uploaders.submit(() -> {
                    String video = StackClient.upload(token, clip, title);
                    Instant stored = Instant.now();
                    return new Played(video, stored, awaitPlayable(token, video));
                }));
            }
            for (Future<Played> one : running) {
                played.add(one.get());
            }
        } finally {
            uploaders.shutdownNow();
        }
        return played;
    }

    /** Waits until {@code video} is READY, a session is granted and its manifest opens through the edge. */
    private Instant awaitPlayable(String token, String video) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        String state = "not in the catalog yet";
        while (!state.equals("READY")) {
            HttpResponse<String> shown = get(DevStack.GATEWAY_URL + "/api/videos/" + video, token, Map.of());
            state = shown.statusCode() == 200
                    ? JSON.readTree(shown.body()).path("state").asString()
                    : "not in the catalog yet (" + shown.statusCode() + ")";
            if (state.equals("FAILED") || System.nanoTime() > deadline) {
                throw new IllegalStateException("video " + video + " did not become READY: " + state);
            }
            if (!state.equals("READY")) {
                Thread.sleep(POLL.toMillis());
            }
        }
        while (true) {
            HttpResponse<String> session = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    DevStack.GATEWAY_URL + "/api/playback/videos/" + video + "/playback-session"))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (session.statusCode() == 200) {
                JsonNode granted = JSON.readTree(session.body());
                String cookies = granted.path("cookies").properties().stream()
                        .map(cookie -> cookie.getKey() + "=" + cookie.getValue().asString())
                        .collect(Collectors.joining("; "));
                HttpResponse<String> manifest =
                        get(granted.path("manifestUrl").asString(), null, Map.of("Cookie", cookies));
                if (manifest.statusCode() == 200 && manifest.body().startsWith("#EXTM3U")) {
                    return Instant.now();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("video " + video + " is READY but did not play: session "
                        + session.statusCode() + " " + session.body());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static HttpResponse<String> get(String url, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Instant seconds(JsonNode epochSeconds) {
        if (!epochSeconds.isNumber()) {
            throw new IllegalStateException("a job without this time: " + epochSeconds);
        }
        return Instant.ofEpochMilli(Math.round(epochSeconds.asDouble() * 1000));
    }
}
