package dev.vodflow.playback.session;

import static org.awaitility.Awaitility.await;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.playback.PlaybackServiceApplication;
import dev.vodflow.playback.video.PlayableVideoRepository;
import dev.vodflow.testsupport.EventRecords;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Not a test: a load benchmark of {@code POST /videos/{id}/playback-session} on loopback with wrk, side by side with
 * a trivial endpoint of the same service ({@code GET /actuator/info}, same bearer-token check), with and without the
 * signature cache, in one run. Two instances of the service run in this JVM, one per cache setting.
 *
 * <p>Run: {@code ./mvnw -pl playback-service -am verify -DskipITs -Dtest=PlaybackSessionBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (needs {@code wrk} on the PATH: {@code apt-get install -y wrk}).
 * Tune with {@code -Dbench.duration=15s -Dbench.connections=16 -Dbench.threads=2}.
 */
class PlaybackSessionBenchmark {

    static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");
    static final Pattern P50 = Pattern.compile("\\s50%\\s+([0-9.]+)(us|ms|s)");

    @Test
    void playbackSessionThroughput() throws Exception {
        LocalInfrastructure infra = LocalInfrastructure.get();
        KeyPair key = TestSigningKeys.generate();
        Path keyFile = TestSigningKeys.privateKeyFile(key);
        String duration = System.getProperty("bench.duration", "15s");
        String connections = System.getProperty("bench.connections", "16");
        String threads = System.getProperty("bench.threads", "2");
        String video = "bench" + UUID.randomUUID().toString().replace("-", "");
        String token = TestJwts.token("bench-owner");

        List<String> rows = new ArrayList<>();
        for (boolean cached : List.of(true, false)) {
            try (ConfigurableApplicationContext app = start(infra, keyFile, cached)) {
                publishReady(app, infra, video);
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                String base = "http://127.0.0.1:" + port;
                String cache = cached ? "cache on" : "cache off";
                // Warm up the JIT and the pools before measuring.
                wrk(token, "get", base + "/actuator/info", "5s", connections, threads);
                wrk(token, "post", base + "/videos/" + video + "/playback-session", "5s", connections, threads);
                rows.add(row(
                        "GET /actuator/info (" + cache + ")",
                        wrk(token, "get", base + "/actuator/info", duration, connections, threads)));
                rows.add(row(
                        "POST playback-session (" + cache + ")",
                        wrk(
                                token,
                                "post",
                                base + "/videos/" + video + "/playback-session",
                                duration,
                                connections,
                                threads)));
            }
        }
        StringBuilder report = new StringBuilder("\nplayback-session benchmark: wrk -t" + threads + " -c" + connections
                + " -d" + duration + " on loopback, " + Runtime.getRuntime().availableProcessors() + " CPUs\n");
        report.append(String.format("%-40s %12s %10s %10s%n", "endpoint", "req/s", "p50 ms", "p99 ms"));
        rows.forEach(r -> report.append(r).append('\n'));
        System.out.println(report);
    }

    private static ConfigurableApplicationContext start(LocalInfrastructure infra, Path keyFile, boolean cached) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.cloud.stream.kafka.binder.brokers", infra.kafkaBootstrapServers());
        properties.put(
                "spring.datasource.url", infra.jdbcUrl(cached ? "playback_bench_cached" : "playback_bench_uncached"));
        properties.put("spring.datasource.username", infra.postgresUser());
        properties.put("spring.datasource.password", infra.postgresPassword());
        properties.putAll(TestJwts.properties());
        // Each instance builds its own projection.
        properties.put("spring.cloud.stream.default.group", "playback-bench-" + UUID.randomUUID());
        properties.put("vodflow.playback.cdn-base-url", "https://cdn.vodflow.test");
        properties.put("vodflow.playback.signing.active-key-id", "KBENCH");
        properties.put("vodflow.playback.signing.keys[0].id", "KBENCH");
        properties.put("vodflow.playback.signing.keys[0].private-key-file", keyFile.toString());
        properties.put("vodflow.playback.signing.cache-maximum-size", cached ? "10000" : "0");
        properties.put("logging.level.root", "WARN");
        // As command-line arguments: default properties would lose to application.yml.
        return new SpringApplicationBuilder(PlaybackServiceApplication.class)
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static void publishReady(ConfigurableApplicationContext app, LocalInfrastructure infra, String video)
            throws Exception {
        JsonMapper json = app.getBean(JsonMapper.class);
        TranscodeCompleted completed = new TranscodeCompleted(
                UUID.randomUUID().toString(),
                video,
                "bench-owner",
                Instant.now(),
                "job",
                1000,
                new TranscodeCompleted.Dimensions(1280, 720),
                "output/" + video + "/hls/master.m3u8",
                List.of(),
                List.of());
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            // As the orchestrator publishes it: the shared codec refuses events not from the topic's owner.
            producer.send(EventRecords.of(completed)).get();
        }
        PlayableVideoRepository videos = app.getBean(PlayableVideoRepository.class);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> videos.findById(video).map(v -> v.playable()).orElse(false));
    }

    private static String wrk(
            String token, String kind, String url, String duration, String connections, String threads)
            throws IOException, InterruptedException {
        Path script =
                Path.of("src/test/resources/bench/" + kind + "-with-bearer.lua").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                        "wrk",
                        "-t" + threads,
                        "-c" + connections,
                        "-d" + duration,
                        "--latency",
                        "-s",
                        script.toString(),
                        url)
                .redirectErrorStream(true);
        builder.environment().put("TOKEN", token);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        if (output.contains("Non-2xx")) {
            throw new IllegalStateException("wrk saw error responses:\n" + output);
        }
        return output;
    }

    private static String row(String name, String wrkOutput) {
        return String.format(
                "%-40s %12s %10.2f %10.2f",
                name, find(REQUESTS, wrkOutput), millis(P50, wrkOutput), millis(P99, wrkOutput));
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + text);
        }
        return matcher.group(1);
    }

    private static double millis(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + text);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
