package dev.vodflow.devstack;

import dev.vodflow.testsupport.CatalogSeed;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole-stack benchmark (not a test: {@code ./bench} runs it against a running dev stack): each figure of issue 21
 * next to its anchor, measured in this run on this machine, as a table on standard output and in {@code bench.out}.
 * No figure is asserted: a missed target is a row that says so.
 *
 * <p>System properties: {@code bench.data} (the stack's data directory, with endpoints.json), {@code bench.out},
 * {@code bench.rows} (comma-separated: start,gateway,playback,catalog,webhooks,upload,pipeline; all by default), {@code bench.seconds}
 * (wrk's time per figure, 15), {@code bench.connections} (16), {@code bench.stackPid} and {@code bench.startLog} (the
 * stack's process and its console log, for the start and RSS row), {@code bench.uploadMiB} (1024).
 */
public final class StackBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final String CATALOG = "http://127.0.0.1:8083";
    private static final String PLAYBACK = "http://127.0.0.1:8085";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One line of the table: what was measured, against what, and the target. */
    record Row(String path, String figure, String anchor, String ratio, String target, String met) {}

    private final List<Row> rows = new ArrayList<>();
    /** Per HTTP row, the machine's CPU per request of the figure and of its anchor; per delivery for the webhooks. */
    private final List<String> cpuLines = new ArrayList<>();

    /** What a row's figures alone do not tell about how it went over time (the webhooks row's course). */
    private final List<String> courseLines = new ArrayList<>();

    private final Path data;
    private final JsonNode endpoints;
    private final Wrk wrk;
    private final StackProcesses processes;
    private final StackCpu cpu;
    private final Path work;

    private StackBenchmark(Path data, Path work) throws IOException {
        this.data = data;
        this.work = work;
        this.endpoints = JSON.readTree(Files.readString(data.resolve("endpoints.json")));
        String stackPid = System.getProperty("bench.stackPid");
        this.processes = stackPid == null ? null : StackProcesses.of(Long.parseLong(stackPid), data);
        this.cpu = processes == null ? null : new StackCpu(processes);
        this.wrk = new Wrk(
                2,
                Integer.getInteger("bench.connections", 16),
                Duration.ofSeconds(Long.getLong("bench.seconds", 10)),
                Duration.ofSeconds(5),
                work,
                cpu);
    }

    /**
     * The services' JVM options: those the stack's catalog-service runs with (the stack may have been started before
     * this benchmark, with settings other than its environment names), else those a stack started with this
     * benchmark's environment gets ({@code VODFLOW_SERVICE_JAVA_OPTS} or the dev stack's own).
     */
    String servicesJvmSettings() {
        List<String> options = Optional.ofNullable(processes).stream()
                .flatMap(stack -> stack.now().entrySet().stream())
                .filter(process -> process.getValue().equals("catalog-service"))
                .flatMap(process -> ProcessHandle.of(process.getKey()).stream())
                .flatMap(process -> process.info().arguments().stream())
                .findFirst()
                .map(StackBenchmark::jvmOptions)
                .orElseGet(() -> ServiceProcess.javaOptions(System.getenv("VODFLOW_SERVICE_JAVA_OPTS")));
        return options.equals(ServiceProcess.javaOptions(null))
                ? "the dev stack's (C1 only, SerialGC, 384 MB heaps)"
                : String.join(" ", options);
    }

    /** A service's options as {@link ServiceProcess} gives them: those before its class data sharing and its jar. */
    static List<String> jvmOptions(String[] arguments) {
        List<String> options = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals("-jar")
                    || argument.startsWith("-Xshare:")
                    || argument.startsWith("-XX:SharedArchiveFile=")
                    || argument.startsWith("-XX:ArchiveClassesAtExit=")) {
                break;
            }
            options.add(argument);
        }
        return options;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("bench.data", ".devstack")).toAbsolutePath();
        Path out = Path.of(System.getProperty("bench.out", "bench.out")).toAbsolutePath();
        Set<String> selected = Arrays.stream(
                        System.getProperty("bench.rows", "start,gateway,playback,catalog,upload,webhooks,pipeline")
                                .split(","))
                .map(String::trim)
                .collect(Collectors.toSet());
        Path work = Files.createDirectories(data.resolve("bench"));
        StackBenchmark bench = new StackBenchmark(data, work);
        List<String> header = new ArrayList<>();
        header.add("vodflow whole-stack benchmark, " + Instant.now());
        header.add("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memory() + "; "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        header.add("services' JVM settings: " + bench.servicesJvmSettings());
        header.add("postgres: " + bench.postgres());
        header.add("load average before: " + loadAverage());
        header.add("http: " + bench.wrk.settings());
        header.forEach(System.out::println);

        List<String> failures = new ArrayList<>();
        for (String row : List.of("start", "gateway", "playback", "catalog", "webhooks", "upload", "pipeline")) {
            if (!selected.contains(row)) {
                continue;
            }
            try {
                switch (row) {
                    case "start" -> bench.startAndMemory();
                    case "gateway" -> bench.gateway();
                    case "playback" -> bench.playbackSessions();
                    case "catalog" -> bench.catalogReads();
                    case "upload" -> bench.multipartUpload();
                    case "webhooks" -> bench.webhookFanOut();
                    case "pipeline" -> bench.pipelineOverhead();
                    default -> throw new IllegalArgumentException(row);
                }
            } catch (Exception e) {
                failures.add(row + ": " + e);
                e.printStackTrace();
            }
        }
        try {
            bench.deletePlayable();
        } catch (Exception e) {
            failures.add("deleting the run's clip: " + e);
        }
        List<String> report = new ArrayList<>(header);
        report.add("");
        report.addAll(bench.table());
        if (!bench.cpuLines.isEmpty()) {
            report.add("");
            report.add("CPU of the whole machine per request over the measured turns (/proc: the stack's processes by"
                    + " name, PostgreSQL's backends of its databases, wrk, this benchmark's JVM; in brackets, what a"
                    + " JVM's JIT compiler threads and its GC threads, with the VM thread, used of its share), figure"
                    + " then anchor; where a row is bound by CPU its ratio follows the two totals':");
            report.addAll(bench.cpuLines);
        }
        if (!bench.courseLines.isEmpty()) {
            report.add("");
            report.addAll(bench.courseLines);
        }
        report.add("");
        report.add("load average after: " + loadAverage());
        failures.forEach(failure -> report.add("NOT MEASURED " + failure));
        String text = String.join("\n", report) + "\n";
        System.out.println();
        System.out.print(text);
        Files.writeString(out, text);
        System.out.println("written to " + out);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    // ---- rows ----------------------------------------------------------------------------------------------------

    /** Start to healthy, from the stack's own log, and the resident memory of every process of the stack. */
    private void startAndMemory() throws IOException {
        String log = System.getProperty("bench.startLog");
        if (log != null && Files.isRegularFile(Path.of(log))) {
            Row start = startRow(Files.readString(Path.of(log)));
            if (start != null) {
                rows.add(start);
            }
        } else {
            rows.add(
                    new Row("dev stack start to healthy", "n/a (stack was already running)", "-", "-", "<= 45 s", "-"));
        }
        String pid = System.getProperty("bench.stackPid");
        if (pid != null) {
            StackMemory memory = StackMemory.of(Long.parseLong(pid), data);
            rows.add(new Row(
                    "RSS of the whole stack",
                    String.format("%.2f GiB", memory.totalBytes() / (double) (1L << 30)),
                    memory.largest(4),
                    "-",
                    "<= 3 GiB",
                    met(memory.totalBytes() <= 3L << 30)));
        }
    }

    /**
     * The start row from the stack's log ({@code ./devstack}'s output): start to healthy, each service's time, and the
     * JVMs that started without a class data sharing archive of their jar (the first start after a build, slower than
     * the next); null before the stack said it is up.
     */
    static Row startRow(String log) {
        Matcher up = Pattern.compile("vodflow is up in (\\d+) s").matcher(log);
        if (!up.find()) {
            return null;
        }
        long seconds = Long.parseLong(up.group(1));
        Matcher each =
                Pattern.compile("(\\S+) is healthy, ([0-9.]+) s after[^\\n]*").matcher(log);
        List<String> services = new ArrayList<>();
        List<String> recording = new ArrayList<>();
        if (log.contains("the stack's own JVM: " + DevStack.FIRST_START_OF_BUILD)) {
            recording.add("devstack");
        }
        while (each.find()) {
            String service = each.group(1).replace("-service", "").replace("transcode-orchestrator", "transcode");
            services.add(service + " " + each.group(2));
            if (each.group().contains(DevStack.FIRST_START_OF_BUILD)) {
                recording.add(service);
            }
        }
        return new Row(
                "dev stack start to healthy",
                seconds + " s"
                        + (recording.isEmpty()
                                ? ""
                                : " (first start of a build for " + String.join(", ", recording)
                                        + ": no class data sharing archive)"),
                "per service (s): " + String.join(", ", services),
                "-",
                "<= 45 s",
                met(seconds <= 45));
    }

    /**
     * The pipeline's own time around each transcode on {@code bench.pipelineUploads} (100) small uploads,
     * {@code bench.pipelineInFlight} (2) at a time: S3 stored → job submitted, plus job finished → READY and playable;
     * after {@code bench.pipelineWarmUp} (4) uploads that are not timed.
     */
    private void pipelineOverhead() throws Exception {
        int warmUp = Integer.getInteger("bench.pipelineWarmUp", 4);
        int uploads = Integer.getInteger("bench.pipelineUploads", 100);
        int inFlight = Integer.getInteger("bench.pipelineInFlight", 2);
        PipelineOverhead.Result result = new PipelineOverhead(endpoints).run(work, warmUp, uploads, inFlight, 1);
        rows.add(new Row(
                String.format(
                        "pipeline overhead: %d uploads of a 1 s clip, %d in flight, after %d untimed",
                        result.trips().size(), inFlight, warmUp),
                result.figure(),
                result.anchor(),
                "-",
                "p99 total <= 1 s",
                met(result.p99Total() <= 1000)));
    }

    /** The same calls through the gateway and straight to the service. */
    private void gateway() throws Exception {
        String token = StackClient.token("alice");
        String video = playableVideo(token);
        Wrk.Pair session = wrk.compare(
                Wrk.Request.post(GATEWAY + "/api/playback/videos/" + video + "/playback-session", token),
                Wrk.Request.post(PLAYBACK + "/videos/" + video + "/playback-session", token),
                Wrk.ROUNDS);
        rows.add(ratioRow("gateway: POST playback-session", session, "same call direct", 0.8));
        Wrk.Pair get = wrk.compare(
                Wrk.Request.get(GATEWAY + "/api/videos/" + video, token),
                Wrk.Request.get(CATALOG + "/videos/" + video, token),
                Wrk.ROUNDS);
        rows.add(ratioRow("gateway: GET /videos/{id}", get, "same call direct", 0.8));
    }

    /** Playback sessions against the same service's trivial endpoint, both straight to the service. */
    private void playbackSessions() throws Exception {
        String token = StackClient.token("alice");
        String video = playableVideo(token);
        Wrk.Pair sessions = wrk.compare(
                Wrk.Request.post(PLAYBACK + "/videos/" + video + "/playback-session", token),
                Wrk.Request.get(PLAYBACK + "/actuator/info", token),
                Wrk.ROUNDS);
        rows.add(ratioRow("playback sessions", sessions, "GET /actuator/info", 0.6));
    }

    /**
     * GET by id, a list page, the owner's search and the public search with 100,000 videos, against the catalog's
     * trivial endpoint.
     */
    private void catalogReads() throws Exception {
        String token = StackClient.token("alice");
        long seedStart = System.nanoTime();
        boolean seeded;
        long alices;
        try (Connection connection = catalogDatabase()) {
            seeded = CatalogSeed.seed(connection, "alice");
            System.out.printf(
                    "catalog: %s %d videos (%.1f s)%n",
                    seeded ? "seeded" : "already has", CatalogSeed.VIDEOS, (System.nanoTime() - seedStart) / 1e9);
            removeWebhookRowVideos(connection);
            deleteEarlierUploads(connection, token);
            awaitDocuments(connection);
            alices = alicesVideos(connection);
        }
        Wrk.Request trivial = Wrk.Request.get(CATALOG + "/actuator/info", token);
        rows.add(latencyRow(
                "catalog GET /videos/{id} (random of 100k)",
                wrk.compare(
                        Wrk.Request.randomGet(CATALOG, "/videos/bench-%06d", CatalogSeed.VIDEOS, token),
                        trivial,
                        Wrk.ROUNDS)));
        rows.add(latencyRow(
                "catalog list, 50 of alice's " + alices,
                wrk.compare(Wrk.Request.get(CATALOG + "/videos?limit=50", token), trivial, Wrk.ROUNDS)));
        rows.add(latencyRow(
                "catalog search q=\"video 77\", 50",
                wrk.compare(Wrk.Request.get(CATALOG + "/videos?limit=50&q=video%2077", token), trivial, Wrk.ROUNDS)));
        // The search above is alice's, of her own videos. Anyone's search of the whole catalog is the public listing's
        // (open without a token): a viewer looking for one video by its title, a random one of the 100,000 per
        // request, against the same trivial endpoint asked without a token too.
        rows.add(latencyRow(
                "catalog public search q=\"video <random of 100k>\", 50",
                wrk.compare(
                        Wrk.Request.randomGet(
                                CATALOG, "/videos/public?limit=50&q=video%%20%d", CatalogSeed.VIDEOS, null),
                        Wrk.Request.get(CATALOG + "/actuator/info", null),
                        Wrk.ROUNDS)));
    }

    /**
     * The seed writes the videos without the JSON documents the catalog serves GET by id from, as a migration leaves
     * rows; the catalog renders them in the background (every 30 s, then as fast as it can), and reads them the old
     * way until then (also after a start that changed the documents' shape: it renders them all again). The rows
     * measure the catalog once it has, and after a {@code VACUUM} that also cleans the indexes, so that every page
     * is marked all-visible and the owner's list and search read the listing index alone. A plain {@code VACUUM}
     * (and autovacuum) skips the indexes when few pages hold dead rows, and those pages then stay not all-visible:
     * after the videos of earlier runs were deleted or updated, the list fetched the heap for each such row.
     */
    private static void awaitDocuments(Connection connection) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            awaitNone(
                    statement,
                    "SELECT count(*) FROM videos WHERE document_version IS NULL",
                    Duration.ofMinutes(5),
                    due -> "the catalog has not rendered the documents of " + due
                            + " videos after 5 minutes: see its log (DueDocuments)");
            statement.execute("VACUUM (ANALYZE, INDEX_CLEANUP ON) videos");
        }
        System.out.printf(
                "catalog: every video's document rendered (waited %.1f s)%n", (System.nanoTime() - start) / 1e9);
    }

    /**
     * The webhooks row publishes {@code video.updated} for videos that exist nowhere else, and the catalog, which reads
     * that topic too, makes each a video of alice, bob or ops: 660 more per run. Left there, every run on the same data
     * directory made the owner's search scan more of them (3,372 videos of alice after a dozen runs: PostgreSQL 2.3 ms
     * per search instead of 0.3). Removed before the catalog is read, so the rows measure the same data every time.
     */
    private static void removeWebhookRowVideos(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int removed = statement.executeUpdate("DELETE FROM videos WHERE id LIKE 'bench-webhooks-%'");
            if (removed > 0) {
                System.out.printf("catalog: removed %d videos of earlier webhook rows%n", removed);
            }
        }
    }

    /**
     * Videos that earlier runs uploaded as alice and did not delete (a run stopped early, or one before the runs
     * deleted them): the pipeline row's and the clip the playback rows play, other than this run's. Deleted through
     * the API as the row deletes its own, then waited for until the catalog has purged their files, so that the
     * purges do not run during the measured turns.
     */
    private void deleteEarlierUploads(Connection connection, String token) throws Exception {
        List<String> earlier = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM videos WHERE owner_id = 'alice' AND id <> ? AND (title = ? OR title LIKE ? OR title"
                        + " LIKE ?)")) {
            select.setString(1, Objects.requireNonNullElse(playable, ""));
            select.setString(2, PLAYABLE_TITLE);
            select.setString(3, PipelineOverhead.WARM_UP_TITLE + "%");
            select.setString(4, PipelineOverhead.TIMED_TITLE + "%");
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    earlier.add(rs.getString(1));
                }
            }
        }
        if (earlier.isEmpty()) {
            return;
        }
        StackClient.deleteVideos(token, earlier);
        try (Statement statement = connection.createStatement()) {
            awaitNone(
                    statement,
                    "SELECT count(*) FROM pending_purges",
                    Duration.ofMinutes(2),
                    pending -> "the catalog still has " + pending
                            + " videos' files to purge after 2 minutes: see its log (Purges)");
        }
        System.out.printf("catalog: deleted %d of alice's videos that earlier runs uploaded%n", earlier.size());
    }

    /** Asks {@code countSql} every half second until it counts nothing; fails with {@code stuck} after {@code within}. */
    private static void awaitNone(Statement statement, String countSql, Duration within, LongFunction<String> stuck)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left;
            try (ResultSet rs = statement.executeQuery(countSql)) {
                rs.next();
                left = rs.getLong(1);
            }
            if (left == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(stuck.apply(left));
            }
            Thread.sleep(500);
        }
    }

    /** How many videos alice's list and search read: the seed's 100, and this run's clip when a row made it. */
    private static long alicesVideos(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM videos WHERE owner_id = 'alice'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** 50 subscriptions (over three users), 200 events of each user: 10,000 deliveries to a local receiver. */
    private void webhookFanOut() throws Exception {
        int subscriptions = Integer.getInteger("bench.webhooks", 50);
        int events = Integer.getInteger("bench.webhookEvents", 200);
        List<String> tokens = List.of(StackClient.token("alice"), StackClient.token("bob"), StackClient.token("ops"));
        WebhookFanOut fanOut = WebhookFanOut.start();
        try {
            Wrk.Result capacity = wrk.run(fanOut.capacityRequest());
            WebhookFanOut.Result result = fanOut.run(
                    GATEWAY,
                    tokens,
                    endpoints.path("kafka").path("bootstrapServers").asString(),
                    subscriptions,
                    Integer.getInteger("bench.webhookWarmUp", 100),
                    events,
                    cpu);
            double rate = result.received() / result.seconds();
            if (!result.cpu().isEmpty() && result.received() > 0) {
                cpuLines.add("webhooks, per delivery (the benchmark's JVM is the receiver and the events' producer): "
                        + result.cpu().perRequest(result.received()));
            }
            if (result.course() != null) {
                courseLines.add("webhooks over time: " + result.course().describe());
            }
            rows.add(new Row(
                    String.format("webhooks: %d subscriptions x %d events each, all at once", subscriptions, events),
                    String.format(
                            "%d of %d in %.1f s = %.0f/s; delay p50 %.2f s, p99 %.2f s",
                            result.received(),
                            result.expected(),
                            result.seconds(),
                            rate,
                            result.p50Millis() / 1000,
                            result.p99Millis() / 1000),
                    String.format("receiver alone %.0f/s", capacity.requestsPerSecond()),
                    String.format("%.2fx", rate / capacity.requestsPerSecond()),
                    "p99 delay <= 2 s",
                    met(result.received() == result.expected() && result.p99Millis() <= 2000)));
        } finally {
            fanOut.stop();
        }
    }

    /**
     * A file of {@code bench.uploadMiB} through the presigned multipart API (create, the parts' PUTs 4 at a time,
     * complete), against {@code aws s3 cp} of the same file to the same S3 endpoint. The file is zeros: the upload
     * service rejects it after the upload (no container), so nothing is transcoded.
     */
    private void multipartUpload() throws Exception {
        long size = Long.getLong("bench.uploadMiB", 1024) << 20;
        Path file = work.resolve("upload-" + (size >> 20) + "MiB.bin");
        if (!Files.isRegularFile(file) || Files.size(file) != size) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(size);
            }
        }
        String token = StackClient.token("alice");
        long apiStart = System.nanoTime();
        JsonNode plan = JSON.readTree(call(
                "POST",
                "/api/uploads",
                token,
                JSON.writeValueAsString(Map.of(
                        "title", "bench upload", "fileName", "bench.bin", "contentType", "video/mp4", "size", size))));
        JsonNode multipart = plan.path("multipart");
        if (multipart.isMissingNode() || multipart.isNull()) {
            throw new IllegalStateException("the upload service planned a single PUT for " + size + " bytes: " + plan);
        }
        long partSize = multipart.path("partSize").asLong();
        List<JsonNode> parts = new ArrayList<>();
        multipart.path("parts").forEach(parts::add);
        if (parts.size() != multipart.path("partCount").asInt()) {
            throw new IllegalStateException(
                    "the plan lists " + parts.size() + " of " + multipart.path("partCount") + " parts' URLs");
        }
        ExecutorService inFlight = Executors.newFixedThreadPool(4);
        List<Future<Map<String, Object>>> etags = new ArrayList<>();
        try {
            for (JsonNode part : parts) {
                etags.add(inFlight.submit(() -> putPart(file, part, partSize)));
            }
            List<Map<String, Object>> completed = new ArrayList<>();
            for (Future<Map<String, Object>> etag : etags) {
                completed.add(etag.get(10, TimeUnit.MINUTES));
            }
            call(
                    "POST",
                    "/api/uploads/" + plan.path("id").asString() + "/complete",
                    token,
                    JSON.writeValueAsString(Map.of("parts", completed)));
        } finally {
            inFlight.shutdownNow();
        }
        double apiSeconds = (System.nanoTime() - apiStart) / 1e9;

        JsonNode s3 = endpoints.path("s3");
        String key = "bench/aws-cli-" + (size >> 20) + "MiB.bin";
        long cliStart = System.nanoTime();
        aws(
                s3,
                "s3",
                "cp",
                "--only-show-errors",
                file.toString(),
                "s3://" + s3.path("bucket").asString() + "/" + key);
        double cliSeconds = (System.nanoTime() - cliStart) / 1e9;
        aws(s3, "s3", "rm", "--only-show-errors", "s3://" + s3.path("bucket").asString() + "/" + key);

        double mib = size / (double) (1 << 20);
        double ratio = cliSeconds / apiSeconds;
        rows.add(new Row(
                String.format(
                        "multipart upload %.0f MiB, %d parts of %d MiB, 4 in flight",
                        mib, parts.size(), partSize >> 20),
                String.format("%.1f s = %.0f MiB/s", apiSeconds, mib / apiSeconds),
                String.format("aws s3 cp %.1f s = %.0f MiB/s", cliSeconds, mib / cliSeconds),
                String.format("%.2fx", ratio),
                ">= 0.9x",
                met(ratio >= 0.9)));
    }

    private static Map<String, Object> putPart(Path file, JsonNode part, long partSize) throws Exception {
        int number = part.path("partNumber").asInt();
        long length = part.path("size").asLong();
        byte[] bytes = new byte[Math.toIntExact(length)];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek((number - 1) * partSize);
            raf.readFully(bytes);
        }
        HttpResponse<String> response = HTTP.send(
                StackClient.presigned(part.path("upload"), HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .timeout(Duration.ofMinutes(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("part " + number + ": " + response.statusCode() + " " + response.body());
        }
        return Map.of(
                "partNumber",
                number,
                "etag",
                response.headers().firstValue("ETag").orElseThrow());
    }

    private static void aws(JsonNode s3, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("aws", "--endpoint-url", s3.path("endpoint").asString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", s3.path("accessKeyId").asString());
        builder.environment()
                .put("AWS_SECRET_ACCESS_KEY", s3.path("secretAccessKey").asString());
        builder.environment().put("AWS_DEFAULT_REGION", s3.path("region").asString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    // ---- a playable video ------------------------------------------------------------------------------------------

    private static final String PLAYABLE_TITLE = "bench clip";

    private String playable;

    private void deletePlayable() throws Exception {
        if (playable != null) {
            StackClient.deleteVideos(StackClient.token("alice"), List.of(playable));
            playable = null;
        }
    }

    /** A video of alice's that plays: a 2 s clip uploaded by the first row that needs it, deleted after the rows. */
    private String playableVideo(String token) throws Exception {
        if (playable != null) {
            return playable;
        }
        Path clip = StackClient.clip(work.resolve("clip.mp4"), "320x180", 2);
        String video = StackClient.upload(token, clip, PLAYABLE_TITLE);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            HttpResponse<String> inCatalog = HTTP.send(
                    HttpRequest.newBuilder(URI.create(GATEWAY + "/api/videos/" + video))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // 404 until the catalog has heard of the upload
            String state = inCatalog.statusCode() == 200
                    ? JSON.readTree(inCatalog.body()).path("state").asString()
                    : "not in the catalog yet (" + inCatalog.statusCode() + ")";
            HttpResponse<String> session = HTTP.send(
                    HttpRequest.newBuilder(URI.create(GATEWAY + "/api/playback/videos/" + video + "/playback-session"))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (state.equals("READY") && session.statusCode() == 200) {
                playable = video;
                return video;
            }
            if (state.equals("FAILED") || System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark's clip " + video + " did not become playable: " + state);
            }
            Thread.sleep(500);
        }
    }

    private static String call(String method, String path, String token, String json) throws Exception {
        return StackClient.call(GATEWAY, method, path, token, json).body();
    }

    // ---- the table -------------------------------------------------------------------------------------------------

    private Row ratioRow(String path, Wrk.Pair pair, String anchorName, double target) {
        cpu(path, pair);
        double ratio = pair.measured().requestsPerSecond() / pair.anchor().requestsPerSecond();
        return new Row(
                path,
                rate(pair.measured()),
                anchorName + " " + rate(pair.anchor()),
                String.format("%.2fx", ratio),
                String.format(">= %.1fx", target),
                met(ratio >= target));
    }

    private void cpu(String path, Wrk.Pair pair) {
        if (pair.measured().cpuPerRequest() == null) {
            return;
        }
        cpuLines.add(String.format(
                "%s: %s%n    anchor %s; anchor/figure %.2f",
                path,
                pair.measured().cpuPerRequest(),
                pair.anchor().cpuPerRequest(),
                pair.anchor().cpuMillisPerRequest() / pair.measured().cpuMillisPerRequest()));
    }

    private Row latencyRow(String path, Wrk.Pair pair) {
        cpu(path, pair);
        double ratio = pair.measured().requestsPerSecond() / pair.anchor().requestsPerSecond();
        return new Row(
                path,
                rate(pair.measured()),
                // the trivial endpoint's own p99 under the same load: how much of the figure's tail the machine gives
                "GET /actuator/info " + rate(pair.anchor()),
                String.format("%.2fx", ratio),
                ">= 0.6x, p99 <= 25 ms",
                met(ratio >= 0.6 && pair.measured().p99Millis() <= 25));
    }

    /** A wrk result as the table shows it, figure or anchor alike: its rate and its p99. */
    private static String rate(Wrk.Result result) {
        return String.format("%.0f/s p99 %.1f ms", result.requestsPerSecond(), result.p99Millis());
    }

    private static String met(boolean met) {
        return met ? "yes" : "NO";
    }

    private List<String> table() {
        List<Row> all =
                new ArrayList<>(List.of(new Row("path", "figure", "anchor (same run)", "ratio", "target", "met?")));
        all.addAll(rows);
        int[] widths = new int[6];
        for (Row row : all) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            String[] cells = cells(all.get(r));
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", cells[i]));
            }
            lines.add(line.toString().stripTrailing());
            if (r == 0) {
                lines.add(Arrays.stream(widths).mapToObj("-"::repeat).collect(Collectors.joining("-|-")));
            }
        }
        return lines;
    }

    private static String[] cells(Row row) {
        return new String[] {row.path(), row.figure(), row.anchor(), row.ratio(), row.target(), row.met()};
    }

    /** A connection to catalog-service's database, as endpoints.json names it, with the stack's password. */
    private Connection catalogDatabase() throws SQLException {
        JsonNode postgres = endpoints.path("postgres");
        DevStackSettings settings = DevStackSettings.from(System.getenv(), System::getProperty);
        return DriverManager.getConnection(
                postgres.path("databases").path("catalog-service").asString(),
                postgres.path("user").asString(),
                settings.postgresPassword());
    }

    /**
     * The stack's PostgreSQL and whether autovacuum runs: where it does not (the machine's own server may have it
     * off), nothing marks rewritten pages all-visible or trims dead index entries between runs but the catalog row's
     * own {@code VACUUM}, and the figures of the database-bound rows depend on what earlier runs left.
     */
    private String postgres() {
        try (Connection connection = catalogDatabase();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT current_setting('server_version'), current_setting('autovacuum')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + ", autovacuum " + rs.getString(2);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) >> 20)
                    .map(gib -> gib + " GiB RAM")
                    .findFirst()
                    .orElse("RAM unknown");
        } catch (IOException e) {
            return "RAM unknown";
        }
    }
}
