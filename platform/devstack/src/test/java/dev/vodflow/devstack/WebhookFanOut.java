package dev.vodflow.devstack;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook fan-out through the running notification service: a local receiver ({@link FanOutReceiver}, answering 204
 * at once) behind {@code subscriptions} webhooks, then {@code events} video.updated events of each of their users
 * published to Kafka as catalog publishes them, all at once; each delivery's delay is its arrival at the receiver
 * minus its event's time. The anchor is the receiver's own capacity for requests like the deliveries, measured with
 * wrk. The service allows 20 webhooks per owner, so the subscriptions are spread over the stack's three users.
 */
final class WebhookFanOut {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where {@link #warmProducer} publishes: read by no service. */
    private static final String WARM_UP_TOPIC = "bench.producer-warm-up";

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
    private final FanOutReceiver receiver;

    private WebhookFanOut() throws InterruptedException {
        this.receiver = FanOutReceiver.start((arrived, body) -> {
            arrivals.add(new Arrival(arrived, body));
            received.incrementAndGet();
        });
    }

    static WebhookFanOut start() throws InterruptedException {
        return new WebhookFanOut();
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

    /**
     * The anchor: wrk's POST to the receiver, shaped as notification-service's deliveries are (their headers, as one
     * arrived on 7 Dec, and a {@code video.updated} message built as the service builds one) and taking their path, so
     * that it measures what a delivery costs the receiver. It runs before the fan-out, so it also compiles the
     * receiver's code: an anchor of another shape (an empty JSON object to another path) left that code compiled for
     * its shape, and the fan-out compiled much of it again on the clock (JFR's compilation events, 7 Dec).
     */
    Wrk.Request capacityRequest() {
        String url = "http://127.0.0.1:" + receiver.port() + "/hook/capacity";
        VideoUpdated sample = new VideoUpdated(
                UUID.randomUUID().toString(),
                "bench-webhooks-capacity-0",
                "alice",
                Instant.now(),
                "webhook benchmark 0",
                null,
                Visibility.PRIVATE);
        Map<String, Object> message = new LinkedHashMap<>(); // as notification-service writes a message
        message.put("type", Topics.VIDEO_UPDATED);
        message.put("timestamp", sample.occurredAt());
        message.put("data", sample);
        String body = JSON.writeValueAsString(message);
        String lua = "wrk.headers[\"Content-Type\"] = \"application/json; charset=UTF-8\"\n"
                + "wrk.headers[\"traceparent\"] = \"00-11c938a60cbcfcc927187412aa5b3fe6-ad7feb91627994ac-01\"\n"
                + "wrk.headers[\"webhook-id\"] = \"msg_c3bfab74-0f51-5140-8482-52a00e7370a7\"\n"
                + "wrk.headers[\"webhook-timestamp\"] = \"1796607346\"\n"
                + "wrk.headers[\"webhook-signature\"] = \"v1,l+454BYCuP9pBgEeLmYDaH+FO42EnhhufKb3M08s9yA=\"\n"
                + "wrk.headers[\"Accept-Encoding\"] = \"gzip, x-gzip, deflate\"\n"
                + "wrk.headers[\"Connection\"] = \"keep-alive\"\n"
                + "wrk.headers[\"User-Agent\"] = \"vodflow-webhooks/1\"\n"
                + "wrk.body = [==[" + body + "]==]\n";
        return new Wrk.Request("POST", url, null, lua);
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
        arrivals.clear(); // the anchor's requests, which took the deliveries' path
        received.set(0);
        for (String token : tokens) {
            removeEarlierSubscriptions(gateway, token);
        }
        Map<String, String> created = new LinkedHashMap<>(); // webhook id -> its owner's token
        try {
            for (int i = 0; i < subscriptions; i++) {
                String token = tokens.get(i % tokens.size());
                // localhost: the one host the dev stack lets webhooks reach over plain http
                String url = "http://localhost:" + receiver.port() + "/hook/" + i;
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
                warmProducer(kafka, producer, owners);
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

    /**
     * Compiles this JVM's side of the publish before the clock starts, and waits for its JIT to go quiet. The warm-up
     * deliveries publish a few hundred events, too few for C2: over a measured row this JVM then compiled some 270
     * methods of the Kafka producer, Jackson and {@code UUID.randomUUID}, about 0.4 s of a core taken from the stack
     * (JFR's compilation events, 7 Dec). Here the same events are published, as many as the C2 thresholds need, to a
     * topic of the benchmark's own that no service reads; then the benchmark waits until its compilers have been idle
     * for half a second (ten seconds at most).
     */
    private static void warmProducer(String kafka, KafkaProducer<String, byte[]> producer, List<String> owners)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            // small segments kept ten minutes: what each run leaves is soon gone
            admin.createTopics(List.of(new NewTopic(WARM_UP_TOPIC, 1, (short) 1)
                            .configs(Map.of("retention.ms", "600000", "segment.bytes", "8388608"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        for (int round = 0; round < 10; round++) {
            publish(producer, owners, 500, WARM_UP_TOPIC);
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long compiled = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline
                && System.nanoTime() - quietSince < Duration.ofMillis(500).toNanos()) {
            Thread.sleep(50);
            long now = jit.getTotalCompilationTime();
            if (now != compiled) {
                compiled = now;
                quietSince = System.nanoTime();
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
        receiver.close();
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

    /**
     * {@code events} video.updated events per owner, for fresh videos, as the catalog (the topic's owner) publishes
     * them.
     */
    private static void publish(KafkaProducer<String, byte[]> producer, List<String> owners, int events) {
        publish(producer, owners, events, Topics.VIDEO_UPDATED);
    }

    /** The same, to {@code topic}. */
    private static void publish(KafkaProducer<String, byte[]> producer, List<String> owners, int events, String topic) {
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
                    new ProducerRecord<>(topic, event.videoId(), JSON.writeValueAsBytes(event));
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
