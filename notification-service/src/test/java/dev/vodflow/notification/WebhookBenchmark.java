package dev.vodflow.notification;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import dev.vodflow.notification.webhook.Webhooks;
import dev.vodflow.testsupport.EventRecords;
import dev.vodflow.testsupport.LocalInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Not a test (no assertion, not run by the build): the {@code webhooks} row of {@code ./bench} in one JVM, for
 * profiling the fan-out (add {@code -DargLine=-XX:StartFlightRecording=...}). {@code bench.webhooks} subscriptions
 * (default 50) spread over three owners, {@code bench.webhookEvents} (default 200) video.updated events of each owner
 * published at once; each delivery's delay is its arrival at a loopback receiver minus its event's time.
 *
 * <pre>
 * ./mvnw -pl notification-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=WebhookBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Results go to the log and to {@code target/webhook-benchmark.txt}: the rate, the delay percentiles, and the
 * process's CPU time per delivery over the measured part (from publishing to the last arrival). CPU per delivery is
 * the figure to judge a change by on a shared machine: the rate and the delays move with the other tenants' load, the
 * CPU a delivery costs much less. It counts everything in this JVM (intake, dispatcher, workers, the embedded Kafka
 * and the receiver), so it is an upper bound on the service's own cost.
 */
@SpringBootTest(properties = "vodflow.notification.egress.allow-http-hosts=localhost")
class WebhookBenchmark {

    private static final Logger log = LoggerFactory.getLogger(WebhookBenchmark.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int subscriptions = Integer.getInteger("bench.webhooks", 50);
    private final int events = Integer.getInteger("bench.webhookEvents", 200);
    private final ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
    private final AtomicLong received = new AtomicLong();

    @Autowired
    Webhooks webhooks;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        LocalInfrastructure.get().registerProperties(registry, "notify_bench");
    }

    @Test
    void run() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        receiver.setExecutor(Executors.newFixedThreadPool(32));
        receiver.createContext("/hook/", exchange -> {
            long arrived = System.currentTimeMillis();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode timestamp = JSON.readTree(body).path("timestamp");
            long occurred = timestamp.isNumber()
                    ? (long) (timestamp.asDouble() * 1000)
                    : Instant.parse(timestamp.asString()).toEpochMilli();
            delays.add(arrived - occurred);
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> owners = List.of("alice-" + run, "bob-" + run, "ops-" + run);
            for (int i = 0; i < subscriptions; i++) {
                webhooks.register(
                        owners.get(i % owners.size()),
                        "http://localhost:" + receiver.getAddress().getPort() + "/hook/" + i,
                        List.of(Topics.VIDEO_UPDATED),
                        "bench");
            }
            double load;
            long start;
            long cpuStart;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            LocalInfrastructure.get().kafkaBootstrapServers()),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                // warm-up, not counted: the consumer has its partitions, the code paths are compiled
                String warm = "warm-" + run;
                webhooks.register(
                        warm,
                        "http://localhost:" + receiver.getAddress().getPort() + "/hook/warm",
                        List.of(Topics.VIDEO_UPDATED),
                        "bench");
                int warmEvents = 200;
                publishUpdates(producer, warmEvents, "bench-warm-" + run, List.of(warm));
                await().atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> received.get() >= warmEvents);
                received.set(0);
                delays.clear();
                load = loadAverage();
                cpuStart = processCpuNanos();
                start = System.nanoTime();
                publishUpdates(producer, events * owners.size(), "bench-webhooks-" + run, owners);
            }
            int expected = subscriptions * events;
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> received.get() >= expected);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMillis = (processCpuNanos() - cpuStart) / 1e6;
            List<Long> sorted = new ArrayList<>(delays);
            Collections.sort(sorted);
            String text = String.format(
                    "webhooks: %d subscriptions x %d events: %d deliveries in %.1f s = %.0f/s; delay p50 %d ms, p99 %d"
                            + " ms, max %d ms; process CPU %.1f s = %.3f ms per delivery; load average before %.2f,"
                            + " after %.2f%n",
                    subscriptions,
                    events,
                    sorted.size(),
                    seconds,
                    sorted.size() / seconds,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    sorted.get(sorted.size() - 1),
                    cpuMillis / 1000,
                    cpuMillis / sorted.size(),
                    load,
                    loadAverage());
            log.info("benchmark results\n{}", text);
            Files.writeString(Path.of("target", "webhook-benchmark.txt"), text);
        } finally {
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** CPU time of the whole JVM (all threads, user and system) so far, in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** {@code count} video.updated events, videos {@code prefix-i}, owned in turn by {@code owners}. */
    private static void publishUpdates(
            KafkaProducer<String, byte[]> producer, int count, String prefix, List<String> owners) {
        for (int i = 0; i < count; i++) {
            producer.send(EventRecords.of(new VideoUpdated(
                    UUID.randomUUID().toString(),
                    prefix + "-" + i,
                    owners.get(i % owners.size()),
                    Instant.now(),
                    prefix + " " + i,
                    null,
                    Visibility.PRIVATE)));
        }
        producer.flush();
    }
}
