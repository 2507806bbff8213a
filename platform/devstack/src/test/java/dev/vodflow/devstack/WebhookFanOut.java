package dev.vodflow.devstack;

import com.sun.net.httpserver.HttpServer;
import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook fan-out through the running notification service: a local receiver (the JDK's HTTP server, answering 204
 * at once) behind {@code subscriptions} webhooks, then {@code events} video.updated events of each of their users
 * published to Kafka as catalog publishes them, all at once; each delivery's delay is its arrival at the receiver
 * minus its event's time. The anchor is the receiver's own capacity, measured with wrk. The service allows 20 webhooks
 * per owner, so the subscriptions are spread over the stack's three users.
 */
final class WebhookFanOut {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What one run measured, and the CPU each process used from the first event published to the last delivery
     * received (empty where not metered).
     */
    record Result(
            int expected,
            int received,
            double seconds,
            double p50Millis,
            double p99Millis,
            double maxMillis,
            Course course,
            StackCpu.Used cpu) {}

    /**
     * How the deliveries went over time, which the delays alone do not tell: over how long the events were published,
     * when the first delivery arrived (both from the first event's time), and the rate of the first tenth of the
     * deliveries (from the first event's time), of the middle eight tenths, and of the last tenth. A row bound by work
     * that comes once per event (the events' intake, the other consumers of the topic, the producer) shows a first
     * tenth slower than the middle; one bound by the deliveries themselves shows them alike.
     */
    record Course(
            long publishedOverMillis,
            long firstAfterMillis,
            double firstTenthPerSecond,
            double middlePerSecond,
            double lastTenthPerSecond) {

        /** From each delivery's event time and arrival time (epoch milliseconds), at least ten deliveries. */
        static Course of(long[] eventMillis, long[] arrivedMillis) {
            int n = arrivedMillis.length;
            if (n < 10 || eventMillis.length != n) {
                throw new IllegalArgumentException("ten deliveries or more, each with its event's time; got " + n);
            }
            long[] events = eventMillis.clone();
            long[] arrivals = arrivedMillis.clone();
            Arrays.sort(events);
            Arrays.sort(arrivals);
            long start = events[0];
            int tenth = n / 10;
            int ninth = n - 1 - tenth;
            return new Course(
                    events[n - 1] - start,
                    arrivals[0] - start,
                    perSecond(tenth, arrivals[tenth - 1] - start),
                    perSecond(ninth - tenth, arrivals[ninth] - arrivals[tenth]),
                    perSecond(n - 1 - ninth, arrivals[n - 1] - arrivals[ninth]));
        }

        /** {@code count} in {@code millis}; a span under a millisecond counts as one. */
        private static double perSecond(int count, long millis) {
            return count * 1000.0 / Math.max(1, millis);
        }

        String describe() {
            return String.format(
                    "events published over %d ms; the first delivery %d ms after the first event; deliveries/s:"
                            + " first tenth %.0f (from the first event), middle eight tenths %.0f, last tenth %.0f",
                    publishedOverMillis, firstAfterMillis, firstTenthPerSecond, middlePerSecond, lastTenthPerSecond);
        }
    }

    /** A delivery as it arrived: its time and its body, read for the event's time only after the run. */
    private record Arrival(long arrivedMillis, byte[] body) {}

    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicLong received = new AtomicLong();
    private final HttpServer receiver;

    private WebhookFanOut(HttpServer receiver) {
        this.receiver = receiver;
    }

    static WebhookFanOut start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        // Each exchange is handled on the server's own thread: the handler reads a small body and answers at once,
        // without blocking. A pool of 32 (one per sending worker of the service) cost this JVM more for the same
        // deliveries: in JFR, 347 samples of the pool's and the dispatcher's threads over one webhooks row, against
        // 111 of the dispatcher alone, the hand-off to the pool and back for each keep-alive connection included.
        // The receiver alone (the anchor) still answers about 50,000 requests/s this way. A delivery's body is kept as
        // it came and read after the run: parsing it here put Jackson's tree parsing, and the JIT compiling it, on the
        // two cores the deliveries share (the JIT's threads were about half of this JVM's CPU over the fan-out).
        server.setExecutor(null);
        WebhookFanOut fanOut = new WebhookFanOut(server);
        server.createContext("/hook/", exchange -> {
            long arrived = System.currentTimeMillis();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            fanOut.arrivals.add(new Arrival(arrived, body));
            fanOut.received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/capacity", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return fanOut;
    }

    /** A delivery's delay: its arrival less the time of its event, the webhook body's {@code timestamp}. */
    private static long delayMillis(Arrival arrival) {
        try {
            JsonNode timestamp = JSON.readTree(arrival.body()).path("timestamp");
            long occurred = timestamp.isNumber()
                    ? (long) (timestamp.asDouble() * 1000)
                    : Instant.parse(timestamp.asString()).toEpochMilli();
            return arrival.arrivedMillis() - occurred;
        } catch (RuntimeException e) {
            return Long.MAX_VALUE; // counted, and it shows as a delay no one would accept
        }
    }

    String capacityUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/capacity";
    }

    /**
     * Subscribes, delivers {@code warmUpEvents} per user without measuring them, then {@code events} per user measured.
     * The warm-up is this JVM's as much as the stack's: in a fresh JVM the receiver's and the producer's first
     * thousand calls compile on the same two cores as the deliveries (the JIT's threads were about a quarter of this
     * JVM's CPU over the row, a profile showed), and the producer connects once, before the clock starts.
     *
     * @param tokens one token per user; the subscriptions are spread over them (the service allows 20 per owner) and
     *     each user gets {@code events} events, so every subscription receives {@code events} deliveries
     * @param cpu meters the measured deliveries; null: not metered
     */
    Result run(
            String gateway,
            List<String> tokens,
            String kafka,
            int subscriptions,
            int warmUpEvents,
            int events,
            StackCpu cpu)
            throws Exception {
        for (String token : tokens) {
            removeEarlierSubscriptions(gateway, token);
        }
        Map<String, String> created = new java.util.LinkedHashMap<>(); // webhook id -> its owner's token
        try {
            for (int i = 0; i < subscriptions; i++) {
                String token = tokens.get(i % tokens.size());
                // localhost: the one host the dev stack lets webhooks reach over plain http
                String url = "http://localhost:" + receiver.getAddress().getPort() + "/hook/" + i;
                HttpResponse<String> response = StackClient.call(
                        gateway,
                        "POST",
                        "/api/webhooks",
                        token,
                        JSON.writeValueAsString(Map.of(
                                "url", url, "eventTypes", List.of(Topics.VIDEO_UPDATED), "description", "bench")));
                created.put(
                        JSON.readTree(response.body())
                                .path("webhook")
                                .path("id")
                                .asString(),
                        token);
            }
            List<String> owners = tokens.stream().map(WebhookFanOut::subjectOf).toList();
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                if (warmUpEvents > 0) {
                    publish(producer, owners, warmUpEvents);
                    awaitDeliveries(subscriptions * warmUpEvents);
                    arrivals.clear();
                    received.set(0);
                }
                int expected = subscriptions * events;
                StackCpu.Sample before = cpu == null ? null : cpu.sample();
                long start = System.nanoTime();
                publish(producer, owners, events);
                awaitDeliveries(expected);
                double seconds = (System.nanoTime() - start) / 1e9;
                StackCpu.Used used = cpu == null ? StackCpu.Used.NONE : StackCpu.between(before, cpu.sample());
                return result(expected, seconds, used);
            }
        } finally {
            for (Map.Entry<String, String> webhook : created.entrySet()) {
                StackClient.call(gateway, "DELETE", "/api/webhooks/" + webhook.getKey(), webhook.getValue(), null);
            }
        }
    }

    /** Until {@code expected} deliveries have arrived, or five minutes. */
    private void awaitDeliveries(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private Result result(int expected, double seconds, StackCpu.Used used) {
        // a copy: a late duplicate delivery may still be added while this reads
        List<Arrival> arrived = new ArrayList<>(arrivals);
        List<Long> delays = new ArrayList<>(arrived.size());
        // the course from the deliveries whose event time could be read; an unreadable one counts in the delays only
        long[] eventTimes = new long[arrived.size()];
        long[] arrivalTimes = new long[arrived.size()];
        int read = 0;
        for (Arrival arrival : arrived) {
            long delay = delayMillis(arrival);
            delays.add(delay);
            if (delay != Long.MAX_VALUE) {
                eventTimes[read] = arrival.arrivedMillis() - delay;
                arrivalTimes[read++] = arrival.arrivedMillis();
            }
        }
        Course course =
                read < 10 ? null : Course.of(Arrays.copyOf(eventTimes, read), Arrays.copyOf(arrivalTimes, read));
        Collections.sort(delays);
        return new Result(
                expected,
                delays.size(),
                seconds,
                percentile(delays, 0.50),
                percentile(delays, 0.99),
                delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1),
                course,
                used);
    }

    void stop() {
        receiver.stop(0);
    }

    /** A run stopped part-way leaves its subscriptions; they would receive this run's events too. */
    private static void removeEarlierSubscriptions(String gateway, String token) throws Exception {
        for (JsonNode webhook : JSON.readTree(
                StackClient.call(gateway, "GET", "/api/webhooks", token, null).body())) {
            if ("bench".equals(webhook.path("description").asString(null))) {
                StackClient.call(
                        gateway, "DELETE", "/api/webhooks/" + webhook.path("id").asString(), token, null);
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String kafka) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /** {@code events} video.updated events per owner, for fresh videos, as the catalog (the topic's owner) publishes them. */
    private static void publish(KafkaProducer<String, byte[]> producer, List<String> owners, int events) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String source = Topics.spec(Topics.VIDEO_UPDATED).ownerSource();
        for (int i = 0; i < events * owners.size(); i++) {
            String owner = owners.get(i % owners.size());
            VideoUpdated event = new VideoUpdated(
                    UUID.randomUUID().toString(),
                    "bench-webhooks-" + run + "-" + i,
                    owner,
                    Instant.now(),
                    "webhook benchmark " + i,
                    null,
                    Visibility.PRIVATE);
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(Topics.VIDEO_UPDATED, event.videoId(), JSON.writeValueAsBytes(event));
            CloudEventEnvelope.of(event, source).toHeaders().forEach((name, value) -> record.headers()
                    .add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record);
        }
        producer.flush();
    }

    private static String subjectOf(String token) {
        String payload =
                new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return JSON.readTree(payload).path("sub").asString();
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
