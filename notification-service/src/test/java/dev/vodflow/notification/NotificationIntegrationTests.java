package dev.vodflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.Topics;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeProgress;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.messaging.DeadLetterTopics;
import dev.vodflow.notification.egress.HostResolver;
import dev.vodflow.testsupport.CommittedOpenApi;
import dev.vodflow.testsupport.EventRecords;
import dev.vodflow.testsupport.ForgedTokens;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service against a real Kafka broker and PostgreSQL, delivering to a JDK HttpServer on loopback. The receiver is
 * reachable only because this context allow-lists the host name {@code localhost} for plain http; every SSRF refusal
 * below runs through the production rules with nothing else relaxed.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vodflow.notification.egress.allow-http-hosts=localhost",
            "vodflow.notification.egress.request-timeout=20s",
            "vodflow.notification.delivery.lease=60s",
            "vodflow.notification.delivery.poll-interval=100ms",
            "vodflow.notification.delivery.retry-schedule=1s,1s,1s",
            "vodflow.notification.delivery.jitter=0",
            "vodflow.notification.delivery.workers=4",
            "vodflow.notification.delivery.per-endpoint-concurrency=2",
            "vodflow.notification.stream.poll-interval=100ms",
            "vodflow.notification.stream.history-per-owner=5",
            "vodflow.observability.refresh=1s"
        })
@Import({NotificationIntegrationTests.ScriptedDns.class, NotificationIntegrationTests.RecordedSpans.class})
class NotificationIntegrationTests {

    static final String DATABASE = "notify_it";
    static final String BINDING = "videoEvents-in-0";
    static final Map<String, String> DNS = new ConcurrentHashMap<>();
    /** Every span this context ended, as OpenTelemetry hands it to exporters. */
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    static Receiver receiver;
    static KafkaProducer<String, byte[]> producer;

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    BindingsLifecycleController bindings;

    @Autowired
    List<SmartLifecycle> lifecycles;

    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws SQLException {
        LocalInfrastructure infra = LocalInfrastructure.get();
        // The database is this JVM's own and starts empty: deliveries left pending by an earlier run are not
        // sent to stale ports.
        infra.registerProperties(registry, DATABASE);
    }

    @BeforeAll
    static void start() throws IOException {
        DNS.put("public.example.test", "203.0.113.10"); // a documentation address: accepted, never connected to
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
        receiver = new Receiver();
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalInfrastructure.get().kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        receiver.close();
    }

    @TestConfiguration
    static class ScriptedDns {
        /** Made-up names answer from {@link #DNS}; every other name goes to the machine's resolver. */
        @Bean
        @Primary
        HostResolver scriptedResolver() {
            return host -> {
                String address = DNS.get(host);
                return address != null
                        ? new InetAddress[] {InetAddress.getByName(address)}
                        : HostResolver.system().resolve(host);
            };
        }
    }

    /** Records every ended span, on the service's real OpenTelemetry tracer (the exporters are off in tests). */
    @TestConfiguration
    static class RecordedSpans {
        @Bean
        SdkTracerProviderBuilderCustomizer recordedSpans() {
            return builder -> builder.addSpanProcessor(SimpleSpanProcessor.create(SPANS));
        }
    }

    // --- webhooks ----------------------------------------------------------------------------------------------

    @Test
    void theApiIsTheCommittedOpenApiDocument() {
        CommittedOpenApi.assertCommitted(
                "http://127.0.0.1:" + port, "notification-service", "NotificationIntegrationTests");
    }

    @Test
    void everyForgedOrMisdirectedTokenIsRefusedWith401Problem() throws Exception {
        ForgedTokens.assertAllRefused("GET", URI.create("http://127.0.0.1:" + port + "/webhooks"));
    }

    @Test
    void completedTranscodeReachesTheEndpointOnceWithAnIndependentlyVerifiableSignature() throws Exception {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("completed-" + owner);
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);
        String video = UUID.randomUUID().toString();
        TranscodeCompleted completed = completed(owner, video);

        publish(progress(owner, video, 50)); // not subscribed
        publish(completed);
        publish(completed); // the producer's retry, say: same event id

        await().until(() -> endpoint.requests().size() == 1);
        Receiver.Request request = endpoint.requests().get(0);
        assertThat(SpecVerifier.verifies(
                        webhook.secret(), request.id(), request.timestamp(), request.body(), request.signature()))
                .isTrue();
        // ...and the reference library's own receiving side agrees.
        new Webhook(webhook.secret())
                .verify(
                        request.body(),
                        Map.of(
                                "webhook-id", List.of(request.id()),
                                "webhook-timestamp", List.of(request.timestamp()),
                                "webhook-signature", List.of(request.signature())));
        JsonNode body = json.readTree(request.body());
        assertThat(body.get("type").asString()).isEqualTo("transcode.completed");
        assertThat(body.get("data").get("videoId").asString()).isEqualTo(video);
        assertThat(body.get("data").get("hlsMasterPath").asString()).isEqualTo(completed.hlsMasterPath());

        // A later event of the same video (same partition) proves the duplicate was already taken in and dropped.
        TranscodeCompleted again = completed(owner, video);
        publish(again);
        await().until(() -> endpoint.requests().size() == 2);
        assertThat(endpoint.requests()).extracting(Receiver.Request::id).doesNotHaveDuplicates();
        assertThat(deliveries(owner, webhook.id()).size()).isEqualTo(2);
    }

    @Test
    void receiverFailingTwiceThenSucceedingGetsThreeAttemptsWithTheSameWebhookId() {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("flaky-" + owner, 500, 503, 200);
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);

        publish(completed(owner, UUID.randomUUID().toString()));

        awaitDelivery(owner, webhook.id(), "SUCCEEDED");
        JsonNode delivery = firstDelivery(owner, webhook.id());
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(3);
        assertThat(outcomes(delivery)).containsExactly("FAILED", "FAILED", "SUCCEEDED");
        assertThat(statusCodes(delivery)).containsExactly(500, 503, 200);
        assertThat(endpoint.requests()).hasSize(3);
        assertThat(endpoint.requests())
                .extracting(Receiver.Request::id)
                .containsOnly(delivery.get("webhookMessageId").asString());
        assertThat(endpoint.requests()).allSatisfy(r -> assertThat(
                        SpecVerifier.verifies(webhook.secret(), r.id(), r.timestamp(), r.body(), r.signature()))
                .isTrue());
    }

    @Test
    void everyAttemptOfADeliveryCarriesTheTraceOfItsEventToTheReceiver() {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("traced-" + owner, 500, 200);
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String producerSpan = "00f067aa0ba902b7";
        ProducerRecord<String, byte[]> record =
                EventRecords.of(completed(owner, UUID.randomUUID().toString()));
        record.headers()
                .add("traceparent", ("00-" + traceId + "-" + producerSpan + "-01").getBytes(StandardCharsets.UTF_8));

        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }

        awaitDelivery(owner, webhook.id(), "SUCCEEDED");
        assertThat(endpoint.requests()).hasSize(2);
        // the failed attempt and the retry a second later: both in the event's trace, each its own client span
        assertThat(endpoint.requests())
                .extracting(Receiver.Request::traceparent)
                .allSatisfy(traceparent -> assertThat(traceparent)
                        .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                        .doesNotContain(producerSpan))
                .doesNotHaveDuplicates();

        // Exactly one client span per attempt, a child of the event's span: no observation of the HTTP client
        // beside or beneath it. (A span ends just after its attempt is handed to the recorder: wait for the second.)
        await().until(() -> clientSpans(traceId).size() >= 2);
        List<SpanData> attempts = clientSpans(traceId);
        assertThat(attempts).hasSize(2).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo("webhook post");
            assertThat(span.getParentSpanId()).isEqualTo(producerSpan);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address")))
                    .isEqualTo("localhost");
        });
        // the receiver saw each attempt's own span as the parent of its request
        assertThat(endpoint.requests())
                .extracting(request -> request.traceparent().split("-")[2])
                .containsExactlyInAnyOrderElementsOf(
                        attempts.stream().map(SpanData::getSpanId).toList());
        List<String> attemptIds = attempts.stream().map(SpanData::getSpanId).toList();
        assertThat(SPANS.getFinishedSpanItems())
                .filteredOn(span -> span.getTraceId().equals(traceId))
                .as("no span beneath an attempt's")
                .noneMatch(span -> attemptIds.contains(span.getParentSpanId()));
        assertThat(attempts)
                .extracting(
                        span -> span.getAttributes().get(AttributeKey.stringKey("webhook.attempt")),
                        span -> span.getAttributes().get(AttributeKey.stringKey("http.response.status_code")),
                        span -> span.getAttributes().get(AttributeKey.stringKey("error.type")))
                .containsExactlyInAnyOrder(tuple("1", "500", "500"), tuple("2", "200", null));
    }

    /** The client spans of one trace that this context ended. */
    static List<SpanData> clientSpans(String traceId) {
        return SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .filter(span -> span.getKind() == SpanKind.CLIENT)
                .toList();
    }

    @Test
    void deliveriesShowInPrometheusByOutcomeWithTheirDelay() throws Exception {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("measured-" + owner, 503, 200);
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);
        double failedBefore = metric(prometheus(), "vodflow_webhook_deliveries_total", "outcome=\"failed\"");
        double delaysBefore = metric(prometheus(), "vodflow_webhook_delivery_delay_seconds_count", "");

        publish(completed(owner, UUID.randomUUID().toString()));
        awaitDelivery(owner, webhook.id(), "SUCCEEDED");

        String scraped = prometheus();
        assertThat(metric(scraped, "vodflow_webhook_deliveries_total", "outcome=\"failed\""))
                .isGreaterThanOrEqualTo(failedBefore + 1);
        assertThat(metric(scraped, "vodflow_webhook_deliveries_total", "outcome=\"succeeded\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(scraped, "vodflow_webhook_delivery_delay_seconds_count", ""))
                .isGreaterThanOrEqualTo(delaysBefore + 1);
        assertThat(scraped).contains("vodflow_webhook_delivery_delay_seconds_bucket");
    }

    private String prometheus() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The sum of a metric's samples whose labels contain {@code labels}; 0 when it has none yet. */
    static double metric(String scraped, String name, String labels) {
        return scraped.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aRedirectIsAFailedAttemptAndIsNotFollowed() {
        String owner = owner();
        Receiver.Endpoint target = receiver.endpoint("redirect-target-" + owner);
        Receiver.Endpoint endpoint = receiver.endpoint("redirecting-" + owner, 302, 200);
        endpoint.redirectTo(target.url());
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);

        publish(completed(owner, UUID.randomUUID().toString()));

        awaitDelivery(owner, webhook.id(), "SUCCEEDED");
        JsonNode delivery = firstDelivery(owner, webhook.id());
        assertThat(outcomes(delivery)).containsExactly("FAILED", "SUCCEEDED");
        assertThat(delivery.get("attempts").get(0).get("error").asString()).contains("redirects are not followed");
        assertThat(target.requests()).isEmpty();
    }

    @Test
    void restartInTheMiddleOfTheScheduleResumesIt() {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("restart-" + owner, 500);
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);
        SmartLifecycle dispatcher = lifecycle("DeliveryDispatcher");

        publish(completed(owner, UUID.randomUUID().toString()));
        await().until(() ->
                firstDelivery(owner, webhook.id()).path("attemptCount").asInt() >= 1);

        dispatcher.stop(); // the sending side goes away, with everything it had in memory
        JsonNode halfway = firstDelivery(owner, webhook.id());
        int attemptsBefore = halfway.get("attemptCount").asInt();
        assertThat(halfway.get("status").asString()).isEqualTo("PENDING");
        assertThat(halfway.get("nextAttemptAt").isNull()).isFalse();

        endpoint.answer(200);
        dispatcher.start();

        awaitDelivery(owner, webhook.id(), "SUCCEEDED");
        JsonNode done = firstDelivery(owner, webhook.id());
        assertThat(done.get("attemptCount").asInt()).isEqualTo(attemptsBefore + 1);
        assertThat(endpoint.requests()).hasSize(attemptsBefore + 1);
        assertThat(endpoint.requests())
                .extracting(Receiver.Request::id)
                .containsOnly(endpoint.requests().get(0).id());
    }

    @Test
    void goneDisablesTheEndpoint() {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("gone-" + owner, 410);
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);

        publish(completed(owner, UUID.randomUUID().toString()));

        awaitWebhook(owner, webhook.id(), "DISABLED");
        assertThat(getWebhook(owner, webhook.id()).get("disabledReason").asString())
                .contains("410");
        await().until(() -> metric(prometheus(), "vodflow_webhook_endpoints_disabled", "") >= 1);
        JsonNode delivery = firstDelivery(owner, webhook.id());
        assertThat(delivery.get("status").asString()).isEqualTo("FAILED");
        assertThat(outcomes(delivery)).containsExactly("GONE");

        // A disabled endpoint gets nothing new.
        publish(completed(owner, UUID.randomUUID().toString()));
        publish(completed(owner, UUID.randomUUID().toString()));
        String marker = owner();
        Receiver.Endpoint markerEndpoint = receiver.endpoint("marker-" + marker);
        register(marker, markerEndpoint.url(), Topics.TRANSCODE_COMPLETED);
        publish(completed(marker, UUID.randomUUID().toString()));
        await().until(() -> markerEndpoint.requests().size() == 1);
        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void anEndpointFailingForTheWholeScheduleIsDisabledAndItsOwnerTold() {
        String owner = owner();
        try (SseClient stream = openStream(owner, null, true)) {
            Receiver.Endpoint endpoint = receiver.endpoint("down-" + owner, 500);
            Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);

            publish(completed(owner, UUID.randomUUID().toString()));

            await().until(() -> "DISABLED"
                    .equals(getWebhook(owner, webhook.id()).path("status").asString()));
            assertThat(getWebhook(owner, webhook.id()).get("disabledReason").asString())
                    .contains("every attempt of the retry schedule");
            JsonNode delivery = firstDelivery(owner, webhook.id());
            assertThat(delivery.get("status").asString()).isEqualTo("FAILED");
            assertThat(delivery.get("attemptCount").asInt()).isEqualTo(4);
            await().until(() -> stream.events().stream()
                    .anyMatch(e -> e.name().equals("webhook.disabled")
                            && e.data().contains(webhook.id().toString())));
        }
    }

    @Test
    void aSlowEndpointCannotStarveTheOthers() {
        String slowOwner = owner();
        String fastOwner = owner();
        Receiver.Endpoint slow = receiver.endpoint("slow-" + slowOwner);
        Receiver.Endpoint fast = receiver.endpoint("fast-" + fastOwner);
        register(slowOwner, slow.url(), Topics.TRANSCODE_PROGRESS);
        register(fastOwner, fast.url(), Topics.TRANSCODE_PROGRESS);
        slow.hold();
        try {
            String video = UUID.randomUUID().toString();
            for (int percent = 10; percent <= 40; percent += 10) {
                publish(progress(slowOwner, video, percent)); // four deliveries: as many as there are workers
            }
            await().until(() -> slow.requests().size() == 2); // its concurrency limit, both now hanging

            publish(progress(fastOwner, UUID.randomUUID().toString(), 10));

            // Well inside the 20 s request timeout: the fast endpoint is served while the slow one still hangs.
            await().atMost(Duration.ofSeconds(15)).until(() -> fast.requests().size() == 1);
            assertThat(slow.requests()).hasSize(2);
        } finally {
            slow.open();
        }
        await().until(() -> slow.requests().size() == 4);
    }

    @Test
    void rotatedSecretKeepsSigningDuringItsGracePeriod() {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("rotate-" + owner);
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);

        JsonNode rotated = api(owner)
                .post()
                .uri("/webhooks/{id}/secret/rotate", webhook.id())
                .retrieve()
                .body(JsonNode.class);
        String newSecret = rotated.get("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(webhook.secret());
        assertThat(Instant.parse(rotated.get("previousSecretValidUntil").asString()))
                .isAfter(Instant.now().plus(Duration.ofHours(23)));

        publish(completed(owner, UUID.randomUUID().toString()));

        await().until(() -> endpoint.requests().size() == 1);
        Receiver.Request request = endpoint.requests().get(0);
        assertThat(request.signature().split(" ")).hasSize(2);
        assertThat(SpecVerifier.verifies(
                        newSecret, request.id(), request.timestamp(), request.body(), request.signature()))
                .isTrue();
        assertThat(SpecVerifier.verifies(
                        webhook.secret(), request.id(), request.timestamp(), request.body(), request.signature()))
                .isTrue();
    }

    @Test
    void replayingTheTopicDeliversNoDuplicate() throws Exception {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("replay-" + owner);
        Registered webhook = register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);
        publish(completed(owner, UUID.randomUUID().toString()));
        awaitDelivery(owner, webhook.id(), "SUCCEEDED");

        // A real replay: stop the consumer, rewind the group to offset 0, start it again, let it catch up.
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfrastructure.get().kafkaBootstrapServers()))) {
            bindings.stop(BINDING);
            List<TopicPartition> partitions = admin
                    .describeTopics(List.of(Topics.TRANSCODE_COMPLETED))
                    .allTopicNames()
                    .get()
                    .get(Topics.TRANSCODE_COMPLETED)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(Topics.TRANSCODE_COMPLETED, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetAndMetadata> rewind =
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)));
            await().ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets("notification-service", rewind)
                        .all()
                        .get();
                return true;
            });
            bindings.start(BINDING);

            Map<TopicPartition, OffsetSpec> latest =
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            await().until(() -> {
                Map<TopicPartition, Long> end = new HashMap<>();
                admin.listOffsets(latest).all().get().forEach((p, info) -> end.put(p, info.offset()));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                "notification-service")
                        .partitionsToOffsetAndMetadata()
                        .get();
                return partitions.stream()
                        .allMatch(p ->
                                committed.get(p) != null && committed.get(p).offset() == end.get(p));
            });
        }

        assertThat(endpoint.requests()).hasSize(1);
        assertThat(deliveries(owner, webhook.id()).size()).isEqualTo(1);
    }

    // --- SSRF -----------------------------------------------------------------------------------------------------

    @Test
    void urlsPointingInsideAreRefusedAtRegistration() {
        DNS.put("internal.example.test", "10.0.0.1");
        DNS.put("metadata.example.test", "169.254.169.254");
        DNS.put("loopback.example.test", "127.0.0.1");
        DNS.put("loopback6.example.test", "::1");
        String owner = owner();
        for (String url : List.of(
                "https://127.0.0.1/hook",
                "https://10.0.0.1/hook",
                "https://169.254.169.254/latest/meta-data/",
                "https://[::1]/hook",
                "http://169.254.169.254/latest/meta-data/",
                "https://internal.example.test/hook",
                "https://metadata.example.test/hook",
                "https://loopback.example.test/hook",
                "https://loopback6.example.test/hook")) {
            ResponseEntity<String> response = registerRaw(owner, url, List.of(Topics.TRANSCODE_COMPLETED));
            assertThat(response.getStatusCode().value()).as(url).isEqualTo(400);
            assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
            JsonNode problem = json.readTree(response.getBody());
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("url");
        }
        assertThat(list(owner).size()).isZero();
    }

    @Test
    void aNameThatLaterResolvesInsideIsRefusedAtSendTime() {
        String owner = owner();
        String host = "rebind-" + owner + ".example.test";
        DNS.put(host, "203.0.113.7"); // public-looking (documentation range) while registering: accepted
        Registered webhook = register(owner, "https://" + host + "/hook", Topics.TRANSCODE_COMPLETED);
        DNS.put(host, "127.0.0.1"); // ...and then it points at us

        publish(completed(owner, UUID.randomUUID().toString()));

        await().until(() ->
                firstDelivery(owner, webhook.id()).path("attemptCount").asInt() >= 1);
        JsonNode attempt = firstDelivery(owner, webhook.id()).get("attempts").get(0);
        assertThat(attempt.get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(attempt.get("error").asString()).contains("127.0.0.1").contains("loopback");
        assertThat(attempt.get("statusCode").isNull()).isTrue();
    }

    // --- API hygiene ----------------------------------------------------------------------------------------------

    @Test
    void theApiRefusesGarbageNamingTheField() {
        String owner = owner();
        ResponseEntity<String> badType =
                registerRaw(owner, "https://public.example.test/hook", List.of("video.exploded"));
        assertThat(badType.getStatusCode().value()).isEqualTo(400);
        assertThat(json.readTree(badType.getBody())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("eventTypes");

        ResponseEntity<String> noTypes = registerRaw(owner, "https://public.example.test/hook", List.of());
        assertThat(json.readTree(noTypes.getBody())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("eventTypes");

        ResponseEntity<String> nul = api(owner)
                .post()
                .uri("/webhooks")
                .body(Map.of(
                        "url",
                        "https://public.example.test/hook",
                        "eventTypes",
                        List.of(Topics.TRANSCODE_COMPLETED),
                        "description",
                        "a\u0000b"))
                .retrieve()
                .onStatus(s -> true, (req, res) -> {})
                .toEntity(String.class);
        assertThat(nul.getStatusCode().value()).as(nul.getBody()).isEqualTo(400);
        assertThat(json.readTree(nul.getBody())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("description");

        ResponseEntity<String> unauthenticated = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/webhooks")
                .retrieve()
                .onStatus(s -> true, (req, res) -> {})
                .toEntity(String.class);
        assertThat(unauthenticated.getStatusCode().value()).isEqualTo(401);

        ResponseEntity<String> otherOwners = api(owner())
                .get()
                .uri("/webhooks/{id}/deliveries", UUID.randomUUID())
                .retrieve()
                .onStatus(s -> true, (req, res) -> {})
                .toEntity(String.class);
        assertThat(otherOwners.getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void secretIsShownOnceAndOwnersSeeOnlyTheirOwnWebhooks() {
        String owner = owner();
        Registered webhook = register(owner, "https://public.example.test/hook", Topics.VIDEO_UPLOADED);

        JsonNode mine = list(owner);
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).get("id").asString()).isEqualTo(webhook.id().toString());
        assertThat(mine.toString()).doesNotContain(webhook.secret()).doesNotContain("whsec_");
        assertThat(list(owner()).size()).isZero();

        ResponseEntity<Void> deleted = api(owner)
                .delete()
                .uri("/webhooks/{id}", webhook.id())
                .retrieve()
                .toBodilessEntity();
        assertThat(deleted.getStatusCode().value()).isEqualTo(204);
        assertThat(list(owner).size()).isZero();
    }

    // --- live stream ----------------------------------------------------------------------------------------------

    @Test
    void aStreamShowsProgressAndReadyOfTheCallersOwnVideosOnly() {
        String alice = owner();
        String bob = owner();
        String aliceVideo = UUID.randomUUID().toString();
        String bobVideo = UUID.randomUUID().toString();
        try (SseClient aliceStream = openStream(alice, null, true);
                SseClient bobStream = openStream(bob, null, false)) {
            publish(progress(bob, bobVideo, 30));
            publish(completed(bob, bobVideo));
            await().until(() -> names(bobStream).contains("video.ready"));

            publish(uploaded(alice, aliceVideo));
            publish(progress(alice, aliceVideo, 50));
            publish(completed(alice, aliceVideo));

            await().until(() ->
                    names(aliceStream).containsAll(List.of("upload.accepted", "transcode.progress", "video.ready")));
            SseClient.Event progress = aliceStream.events().stream()
                    .filter(e -> e.name().equals("transcode.progress"))
                    .findFirst()
                    .orElseThrow();
            assertThat(json.readTree(progress.data()).get("percent").asInt()).isEqualTo(50);
            assertThat(aliceStream.events())
                    .allSatisfy(e -> assertThat(e.data()).doesNotContain(bobVideo));
            assertThat(aliceStream.events().stream().filter(e -> e.id() != null))
                    .allSatisfy(e -> assertThat(e.data()).contains(aliceVideo));

            // A browser that lost the connection after its first event resumes with exactly what it missed. (Events of
            // different topics carry no order between them, so "first" is whatever this stream saw first.)
            List<String> seen = ids(aliceStream);
            try (SseClient resumed = openStream(alice, seen.get(0), false)) {
                assertThat(ids(resumed)).isEqualTo(seen.subList(1, seen.size()));
            }
        }
    }

    @Test
    void resumeHistoryIsBoundedPerOwner() {
        String owner = owner();
        String video = UUID.randomUUID().toString();
        try (SseClient live = openStream(owner, null, false)) {
            for (int percent = 10; percent <= 80; percent += 10) {
                publish(progress(owner, video, percent)); // one topic and key: stored in this order
            }
            await().until(() -> live.events().stream().anyMatch(e -> e.data().contains("\"percent\":80")));
        }
        try (SseClient fromTheStart = openStream(owner, "0", false)) {
            assertThat(fromTheStart.events().stream()
                            .filter(e -> e.id() != null)
                            .map(e -> json.readTree(e.data()).get("percent").asInt()))
                    .containsExactly(40, 50, 60, 70, 80);
        }
    }

    @Test
    void garbageGoesToTheDeadLetterTopicAndTheConsumerMovesOn() throws Exception {
        String owner = owner();
        Receiver.Endpoint endpoint = receiver.endpoint("after-garbage-" + owner);
        register(owner, endpoint.url(), Topics.TRANSCODE_COMPLETED);
        String video = UUID.randomUUID().toString();
        String garbageId = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(
                Topics.TRANSCODE_COMPLETED, video, "{\"videoId\": 42".getBytes(StandardCharsets.UTF_8));
        new CloudEventEnvelope(
                        garbageId,
                        "dev.vodflow.transcode.completed.v1",
                        Topics.TRANSCODE_ORCHESTRATOR,
                        Instant.now(),
                        video)
                .toHeaders()
                .forEach((name, value) -> garbage.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer.send(garbage).get();
        publish(completed(owner, video)); // same key, same partition: behind the garbage

        await().until(() -> endpoint.requests().size() == 1);
        assertThat(header(deadLetter(Topics.TRANSCODE_COMPLETED, garbageId), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .contains("body check failed");
        // what the dead-letter alert watches
        await().until(() -> metric(
                        prometheus(),
                        "vodflow_dead_letter_records",
                        "topic=\"" + DeadLetterTopics.of(Topics.TRANSCODE_COMPLETED, "notification-service") + "\"")
                >= 1);
    }

    @Test
    void anEventNamingAnotherOwnerOfAVideoIsRefusedNotDeliveredToThem() throws Exception {
        String alice = owner();
        String bob = owner();
        Receiver.Endpoint bobs = receiver.endpoint("bob-" + bob);
        register(bob, bobs.url(), Topics.TRANSCODE_COMPLETED);
        String alicesVideo = UUID.randomUUID().toString();
        publish(uploaded(alice, alicesVideo));
        TranscodeCompleted forged = completed(bob, alicesVideo); // same key: after alice's upload
        publish(forged);
        String bobsVideo = UUID.randomUUID().toString();
        publish(completed(bob, bobsVideo));

        await().until(() -> bobs.requests().size() == 1);
        assertThat(bobs.requests().get(0).body()).contains(bobsVideo).doesNotContain(alicesVideo);
        assertThat(header(deadLetter(Topics.TRANSCODE_COMPLETED, forged.eventId()), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .contains("belongs to " + alice);
        assertThat(bobs.requests()).hasSize(1);
    }

    @Test
    void aPoisonRecordInABatchIsDeadLetteredAloneAndTheRestOfTheBatchDelivered() throws Exception {
        String alice = owner();
        String bob = owner();
        Receiver.Endpoint bobs = receiver.endpoint("batch-" + bob);
        register(bob, bobs.url(), Topics.TRANSCODE_COMPLETED);
        String alicesVideo = UUID.randomUUID().toString();
        publish(uploaded(alice, alicesVideo)); // fixes the video's owner, in this batch or an earlier one
        TranscodeCompleted before = completed(bob, UUID.randomUUID().toString());
        TranscodeCompleted forged = completed(bob, alicesVideo);
        TranscodeCompleted after = completed(bob, UUID.randomUUID().toString());

        // Held back while they are published, so that one poll takes all three: one batch.
        bindings.stop(BINDING);
        try {
            publish(before);
            publish(forged);
            publish(after);
        } finally {
            bindings.start(BINDING);
        }

        await().until(() -> bobs.requests().size() == 2);
        assertThat(bobs.requests())
                .extracting(Receiver.Request::body)
                .anySatisfy(body -> assertThat(body).contains(before.videoId()))
                .anySatisfy(body -> assertThat(body).contains(after.videoId()))
                .noneSatisfy(body -> assertThat(body).contains(alicesVideo));
        assertThat(header(deadLetter(Topics.TRANSCODE_COMPLETED, forged.eventId()), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .contains("belongs to " + alice);
    }

    /** The dead letter of the event {@code eventId} consumed from {@code topic}, once it is there. */
    static ConsumerRecord<String, byte[]> deadLetter(String topic, String eventId) {
        try (KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalInfrastructure.get().kafkaBootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dlq-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            dlq.subscribe(List.of(DeadLetterTopics.of(topic, "notification-service")));
            List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
            await().until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
                return deadLetters.stream().anyMatch(r -> header(r, "ce_id").equals(eventId));
            });
            return deadLetters.stream()
                    .filter(r -> header(r, "ce_id").equals(eventId))
                    .findFirst()
                    .orElseThrow();
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    static List<String> ids(SseClient client) {
        return client.events().stream()
                .map(SseClient.Event::id)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    @Test
    void reportsHealthy() {
        String health = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .body(String.class);
        assertThat(health).contains("\"status\":\"UP\"");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    record Registered(UUID id, String secret) {}

    static String owner() {
        return "owner-" + UUID.randomUUID();
    }

    RestClient api(String owner) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.token(owner))
                .build();
    }

    Registered register(String owner, String url, String... types) {
        ResponseEntity<String> response = registerRaw(owner, url, List.of(types));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        JsonNode body = json.readTree(response.getBody());
        return new Registered(
                UUID.fromString(body.get("webhook").get("id").asString()),
                body.get("secret").asString());
    }

    ResponseEntity<String> registerRaw(String owner, String url, List<String> types) {
        Map<String, Object> request = new HashMap<>();
        request.put("url", url);
        request.put("eventTypes", types);
        return api(owner)
                .post()
                .uri("/webhooks")
                .body(request)
                .retrieve()
                .onStatus(s -> true, (req, res) -> {})
                .toEntity(String.class);
    }

    JsonNode list(String owner) {
        return api(owner).get().uri("/webhooks").retrieve().body(JsonNode.class);
    }

    JsonNode getWebhook(String owner, UUID id) {
        return api(owner).get().uri("/webhooks/{id}", id).retrieve().body(JsonNode.class);
    }

    JsonNode deliveries(String owner, UUID id) {
        return api(owner).get().uri("/webhooks/{id}/deliveries", id).retrieve().body(JsonNode.class);
    }

    JsonNode firstDelivery(String owner, UUID id) {
        JsonNode all = deliveries(owner, id);
        return all.size() == 0 ? json.createObjectNode() : all.get(0);
    }

    void awaitDelivery(String owner, UUID webhook, String status) {
        await().until(() ->
                status.equals(firstDelivery(owner, webhook).path("status").asString()));
    }

    void awaitWebhook(String owner, UUID webhook, String status) {
        await().until(() ->
                status.equals(getWebhook(owner, webhook).path("status").asString()));
    }

    static List<String> outcomes(JsonNode delivery) {
        List<String> outcomes = new ArrayList<>();
        delivery.get("attempts").forEach(a -> outcomes.add(a.get("outcome").asString()));
        return outcomes;
    }

    static List<Integer> statusCodes(JsonNode delivery) {
        List<Integer> codes = new ArrayList<>();
        delivery.get("attempts").forEach(a -> codes.add(a.get("statusCode").asInt()));
        return codes;
    }

    SmartLifecycle lifecycle(String simpleName) {
        return lifecycles.stream()
                .filter(l -> l.getClass().getSimpleName().startsWith(simpleName))
                .findFirst()
                .orElseThrow();
    }

    SseClient openStream(String owner, String lastEventId, boolean tokenInQuery) {
        String token = TestJwts.token(owner);
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .uri(URI.create(
                        "http://localhost:" + port + "/events" + (tokenInQuery ? "?access_token=" + token : "")))
                .header("Accept", "text/event-stream");
        if (!tokenInQuery) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        SseClient client = new SseClient(http, request.build());
        await().until(() -> names(client).contains("stream.open"));
        assertThat(client.status()).isEqualTo(200);
        return client;
    }

    static Set<String> names(SseClient client) {
        return client.events().stream().map(SseClient.Event::name).collect(Collectors.toSet());
    }

    void publish(VodflowEvent event) {
        ProducerRecord<String, byte[]> record = EventRecords.of(event);
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + event, e);
        }
    }

    static VideoUploaded uploaded(String owner, String video) {
        return new VideoUploaded(
                UUID.randomUUID().toString(),
                video,
                owner,
                Instant.now(),
                "Surfing at dawn",
                "surf.mov",
                "video/quicktime",
                "vodflow-media",
                "input/" + video + "/source",
                1_000_000L,
                "etag-" + video,
                VideoUploaded.Origin.API);
    }

    static TranscodeProgress progress(String owner, String video, int percent) {
        return new TranscodeProgress(
                UUID.randomUUID().toString(), video, owner, Instant.now(), "job-" + video, percent, "TRANSCODING");
    }

    static TranscodeCompleted completed(String owner, String video) {
        String out = "output/" + video + "/";
        return new TranscodeCompleted(
                UUID.randomUUID().toString(),
                video,
                owner,
                Instant.now(),
                "job-" + video,
                20_040,
                new TranscodeCompleted.Dimensions(1920, 1080),
                out + "hls/master.m3u8",
                List.of(new TranscodeCompleted.Rendition(
                        TranscodeCompleted.RenditionKind.HLS,
                        640,
                        360,
                        800_000,
                        "avc1.64001e,mp4a.40.2",
                        out + "hls/master_360.m3u8")),
                List.of(new TranscodeCompleted.Thumbnail(out + "thumbnails/t.0000000.jpg", 0, 640, 360)));
    }
}
