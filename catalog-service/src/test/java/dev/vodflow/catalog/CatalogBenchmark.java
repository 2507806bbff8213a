package dev.vodflow.catalog;

import static org.awaitility.Awaitility.await;

import dev.vodflow.catalog.ops.Replay;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.testsupport.CatalogSeed;
import dev.vodflow.testsupport.TestJwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Not a test (no assertion, not run by the build): measures replay throughput and the read API under load.
 *
 * <pre>
 * ./mvnw -pl catalog-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=CatalogBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <ol>
 *   <li>Publishes the lives of {@code bench.videos} videos (default 5,000: about 23,000 records), starts a
 *       catalog on an empty database and times it from its first applied event until it has caught up.
 *   <li>Adds 100,000 READY, public videos (SQL, 3 renditions and 3 thumbnails each; 1,000 owners with 100
 *       videos each), waits until the background has rendered their documents (timed), and runs wrk on
 *       loopback against {@code GET /videos/{id}} (a random one of the 100,000 per request),
 *       {@code GET /videos?limit=50}, a title search, and {@code GET /actuator/info} as the trivial endpoint,
 *       one after the other in the same run, each after a warm-up.
 * </ol>
 *
 * Results go to the log and to {@code target/benchmark.txt}. Needs {@code wrk} on the PATH, unless
 * {@code -Dbench.reads=false} stops it after the replay.
 */
class CatalogBenchmark {

    private static final Logger log = LoggerFactory.getLogger(CatalogBenchmark.class);
    private static final int SEEDED = CatalogSeed.VIDEOS;

    private final int videos = Integer.getInteger("bench.videos", 5_000);
    private final Duration wrkDuration = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
    private final int connections = Integer.getInteger("bench.connections", 16);
    private final boolean reads = Boolean.parseBoolean(System.getProperty("bench.reads", "true"));

    @Test
    void run() throws Exception {
        List<String> report = new ArrayList<>();
        report.add("load average before: " + loadAverage());

        List<VodflowEvent> history = ReplayIntegrationTests.history(videos, new Random(1));
        try (TestEvents events = new TestEvents()) {
            events.publish(history);
        }
        try (ConfigurableApplicationContext catalog = SecondCatalog.start(
                "catalog_bench",
                "--logging.level.root=WARN",
                "--logging.level.dev.vodflow.catalog.CatalogBenchmark=INFO",
                "--vodflow.catalog.documents-interval=1s")) {
            JdbcClient jdbc = catalog.getBean(JdbcClient.class);
            Replay replay = catalog.getBean(Replay.class);
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> processedEvents(jdbc) > 0);
            // The clock starts once the first batch is in the database: what was applied by then is not counted
            // (counting the whole history over this time would credit the first batch for free).
            long start = System.nanoTime();
            long appliedBefore = processedEvents(jdbc);
            await().atMost(Duration.ofMinutes(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> replay.progress().caughtUp());
            double seconds = (System.nanoTime() - start) / 1e9;
            long applied = processedEvents(jdbc);
            // records per distinct event, the same throughout the history (each video's events are alike)
            double timedRecords = history.size() * (double) (applied - appliedBefore) / applied;
            report.add(String.format(
                    "replay: %d records (%d distinct events, %d videos); %.0f records (%d events) after the first"
                            + " batch in %.1f s = %.0f records/s, %.0f events/s",
                    history.size(),
                    applied,
                    videos,
                    timedRecords,
                    applied - appliedBefore,
                    seconds,
                    timedRecords / seconds,
                    (applied - appliedBefore) / seconds));
            log.info("{}", report.get(report.size() - 1));
            if (!reads) {
                report.add("load average after: " + loadAverage());
                finish(report);
                return;
            }

            long seedStart = System.nanoTime();
            try (Connection connection = catalog.getBean(DataSource.class).getConnection()) {
                CatalogSeed.seed(connection, "bench-owner-0");
            }
            report.add(String.format(
                    "seeded %d more videos in %.1f s; videos in the table: %d",
                    SEEDED,
                    (System.nanoTime() - seedStart) / 1e9,
                    jdbc.sql("SELECT count(*) FROM videos").query(Long.class).single()));
            // The seed writes rows without their documents, as a migration leaves them; GET would read each the old
            // way until the background has rendered it. The reads are measured once it has.
            long renderStart = System.nanoTime();
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> jdbc.sql("SELECT count(*) FROM videos WHERE document_version IS NULL")
                                    .query(Long.class)
                                    .single()
                            == 0);
            double renderSeconds = (System.nanoTime() - renderStart) / 1e9;
            report.add(String.format(
                    "the background rendered their documents in %.1f s (%.0f videos/s)",
                    renderSeconds, SEEDED / renderSeconds));
            // what autovacuum would do next: the rewritten pages all-visible again, for the lists' index-only scans
            jdbc.sql("VACUUM (ANALYZE) videos").update();

            String base = "http://127.0.0.1:" + catalog.getEnvironment().getProperty("local.server.port");
            String token = TestJwts.token("bench-owner-7", Duration.ofHours(2));
            Path randomVideo = Files.createTempFile("wrk-random-video", ".lua");
            Files.writeString(randomVideo, """
                    math.randomseed(42)
                    request = function()
                      return wrk.format("GET", string.format("/videos/bench-%06d", math.random(1, 100000)))
                    end
                    """);
            report.add(String.format(
                    "wrk: %d threads, %d connections, %d s after a 5 s warm-up, loopback, same JVM and database",
                    2, connections, wrkDuration.toSeconds()));
            report.add(String.format("%-44s %10s %9s %9s %9s", "endpoint", "req/s", "p50", "p90", "p99"));
            report.add(wrk("GET /videos/{id} (random of 100,000)", base + "/", token, randomVideo));
            report.add(wrk("GET /videos?limit=50 (owner with 100)", base + "/videos?limit=50", token, null));
            report.add(wrk("GET /videos?limit=50&q=video%2077", base + "/videos?limit=50&q=video%2077", token, null));
            report.add(wrk("GET /actuator/info (trivial, no JWT)", base + "/actuator/info", null, null));
            report.add("load average after: " + loadAverage());
        }
        finish(report);
    }

    private static void finish(List<String> report) throws IOException {
        String text = String.join("\n", report) + "\n";
        log.info("benchmark results\n{}", text);
        Files.writeString(Path.of("target", "benchmark.txt"), text);
    }

    private static long processedEvents(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM processed_events")
                .query(Long.class)
                .single();
    }

    private String wrk(String name, String url, String token, Path script) throws IOException, InterruptedException {
        runWrk(url, token, script, Duration.ofSeconds(5)); // warm-up: JIT, connection pool, caches
        String output = runWrk(url, token, script, wrkDuration);
        return String.format(
                        "%-44s %10s %9s %9s %9s",
                        name,
                        find(output, "Requests/sec:\\s+([\\d.]+)"),
                        find(output, "\\s50%\\s+(\\S+)"),
                        find(output, "\\s90%\\s+(\\S+)"),
                        find(output, "\\s99%\\s+(\\S+)"))
                + (output.contains("Non-2xx") ? "  (non-2xx responses!)" : "");
    }

    private String runWrk(String url, String token, Path script, Duration duration)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency", "--timeout", "10s"));
        if (token != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        log.info("wrk {}\n{}", url, output);
        return output;
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
