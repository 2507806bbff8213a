package dev.vodflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's Kafka tool on a real broker, in a service in miniature: a dead-letter topic is listed, read and
 * re-driven once however often the operator asks, and the group replays from the beginning or a time, refused while
 * another instance still consumes.
 */
@SpringBootTest(
        classes = OpsTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=ops-it", "spring.kafka.consumer.auto-offset-reset=earliest"})
class KafkaOpsIntegrationTests {

    static final String TOPIC = "ops-it.orders";
    static final String DLT = TOPIC + ".ops-it.dlt";
    static final LocalInfrastructure infra = LocalInfrastructure.get();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
        TestJwts.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    static void topics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1), new NewTopic(DLT, 2, (short) 1)))
                    .all()
                    .get();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    OpsTestApplication.Received received;

    final String ops = TestJwts.token("ops", "admin");

    @Test
    void deadLettersAreListedInspectedAndReDrivenOnceHoweverOftenAsked() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        deadLetter(first, "database down past the retries");
        deadLetter(second, "database down past the retries");

        JsonNode listed = call("GET", "/ops/kafka/dead-letters", ops).body();
        assertThat(listed.get("group").asString()).isEqualTo("ops-it");
        JsonNode topic = listed.get("topics").get(0);
        assertThat(topic.get("name").asString()).isEqualTo(DLT);
        assertThat(topic.get("originalTopic").asString()).isEqualTo(TOPIC);
        assertThat(topic.get("waiting").asLong()).isEqualTo(2);

        JsonNode dead =
                call("GET", "/ops/kafka/dead-letters/" + DLT + "?limit=10", ops).body();
        assertThat(dead).hasSize(2);
        List<String> ids = new ArrayList<>();
        dead.forEach(record -> {
            ids.add(record.get("eventId").asString());
            assertThat(record.get("reason").asString()).isEqualTo("database down past the retries");
            assertThat(record.get("value").asString()).contains("\"n\":");
        });
        assertThat(ids).containsExactlyInAnyOrder(first, second);

        assertThat(call("POST", "/ops/kafka/dead-letters/" + DLT + "/redrive", ops)
                        .body()
                        .get("sent")
                        .asLong())
                .isEqualTo(2);
        assertThat(call("POST", "/ops/kafka/dead-letters/" + DLT + "/redrive", ops)
                        .body()
                        .get("sent")
                        .asLong())
                .isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> received.ids.containsAll(List.of(first, second)));
        List<ConsumerRecord<String, String>> back = read(TOPIC);
        assertThat(back.stream().filter(r -> r.key().equals(first)))
                .singleElement()
                .satisfies(record -> {
                    assertThat(header(record, "ce_id")).isEqualTo(first);
                    assertThat(header(record, "kafka_dlt-exception-message")).isNull();
                });
        assertThat(call("GET", "/ops/kafka/dead-letters", ops)
                        .body()
                        .get("topics")
                        .get(0)
                        .get("waiting")
                        .asLong())
                .isZero();
        assertThat(call("GET", "/ops/kafka/dead-letters/" + DLT, ops).body()).isEmpty();

        String third = UUID.randomUUID().toString();
        deadLetter(third, "schema violation");
        assertThat(call("POST", "/ops/kafka/dead-letters/" + DLT + "/redrive", ops)
                        .body()
                        .get("sent")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void theGroupReplaysFromTheBeginningOrATimeAndNotWhileAnotherInstanceConsumes() throws Exception {
        String early = UUID.randomUUID().toString();
        send(TOPIC, early, Map.of("ce_id", early));
        await().atMost(Duration.ofSeconds(30)).until(() -> received.ids.contains(early));
        Thread.sleep(50);
        Instant between = Instant.now();
        Thread.sleep(50);
        String late = UUID.randomUUID().toString();
        send(TOPIC, late, Map.of("ce_id", late));
        await().atMost(Duration.ofSeconds(30)).until(() -> received.ids.contains(late));

        Response fromTime = call("POST", "/ops/kafka/replay?from=" + between, ops);
        assertThat(fromTime.status()).as(fromTime.body().toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> received.ids.stream().filter(late::equals).count() == 2);
        assertThat(received.ids.stream().filter(early::equals).count()).isEqualTo(1);

        Response fromStart = call("POST", "/ops/kafka/replay", ops);
        assertThat(fromStart.status()).isEqualTo(200);
        assertThat(fromStart.body().get("rewound").get(TOPIC).asLong()).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> received.ids.stream().filter(early::equals).count() == 2);

        try (KafkaConsumer<String, String> other = consumer("ops-it")) {
            other.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                other.poll(Duration.ofMillis(200));
                return !other.assignment().isEmpty();
            });
            Response busy = call("POST", "/ops/kafka/replay", ops);
            assertThat(busy.status()).isEqualTo(409);
            assertThat(busy.body().get("detail").asString()).contains("still read as group ops-it");
        }
        // The refused replay gave this instance its consumers back.
        String after = UUID.randomUUID().toString();
        send(TOPIC, after, Map.of("ce_id", after));
        await().atMost(Duration.ofSeconds(90)).until(() -> received.ids.contains(after));
    }

    @Test
    void onlyOperatorsGetInAndBadRequestsAreExplained() throws Exception {
        assertThat(call("GET", "/ops/kafka/dead-letters", null).status()).isEqualTo(401);
        assertThat(call("GET", "/ops/kafka/dead-letters", TestJwts.token("alice"))
                        .status())
                .isEqualTo(403);
        assertThat(call("POST", "/ops/kafka/replay", TestJwts.token("alice")).status())
                .isEqualTo(403);

        Response limit = call("GET", "/ops/kafka/dead-letters/" + DLT + "?limit=0", ops);
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.body().get("field").asString()).isEqualTo("limit");
        Response from = call("POST", "/ops/kafka/replay?from=yesterday", ops);
        assertThat(from.status()).isEqualTo(400);
        assertThat(from.body().get("detail").asString()).contains("ISO-8601");
        Response foreign = call("GET", "/ops/kafka/dead-letters/video.uploaded.catalog-service.dlt", ops);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().get("detail").asString()).contains("not a dead-letter topic of group ops-it");
    }

    void deadLetter(String eventId, String reason) throws Exception {
        send(
                DLT,
                eventId,
                Map.of(
                        "ce_id", eventId,
                        "ce_type", "dev.vodflow.test",
                        "kafka_dlt-exception-message", reason,
                        "kafka_dlt-original-topic", TOPIC));
    }

    static void send(String topic, String key, Map<String, String> headers) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, "{\"n\":\"" + key + "\"}");
            headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }

    static List<ConsumerRecord<String, String>> read(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer("ops-it-reader-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(250)).forEach(records::add);
            }
            return records;
        }
    }

    static KafkaConsumer<String, String> consumer(String group) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    record Response(int status, JsonNode body) {}

    Response call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Response(response.statusCode(), body);
    }
}
