package dev.vodflow.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.events.Topics;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context for every integration test of the service, against the real stand-ins: Kafka,
 * PostgreSQL, S3Proxy with notifications, ElasticMQ. Small limits make a three-part upload 11 MB.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vodflow.upload.multipart-threshold=10MB",
            "vodflow.upload.part-size=5MB",
            "vodflow.upload.max-size=64MB",
            "vodflow.upload.expiry-sweep-interval=500ms",
            "vodflow.upload.watch-folder-owner=" + UploadServiceTestBase.WATCH_FOLDER_OWNER,
            "vodflow.upload.notifications.wait-time=1s",
            "vodflow.upload.notifications.visibility-timeout=20s",
            "vodflow.upload.notifications.visibility-extension-interval=5s"
        })
public abstract class UploadServiceTestBase {

    public static final String WATCH_FOLDER_OWNER = "ops-watch-folder";
    protected static final LocalInfrastructure INFRA = LocalInfrastructure.get();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static UploadedEvents events;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRA.registerProperties(registry, "upload");
    }

    @LocalServerPort
    protected int port;

    /** An HTTP answer with its JSON body parsed (null when empty). */
    protected record Response(int status, String contentType, JsonNode json, HttpResponse<String> raw) {}

    /** Calls the service's API as {@code subject} (no token when null). */
    protected Response call(String method, String path, String subject, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(
                                        body instanceof String text ? text : JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (subject != null) {
            request.header("Authorization", "Bearer " + TestJwts.token(subject));
        }
        HttpResponse<String> response = send(request.build());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Response(response.statusCode(), contentType, json, response);
    }

    protected JsonNode createUpload(String subject, String title, String fileName, String contentType, long size) {
        Response created = call(
                "POST",
                "/uploads",
                subject,
                Map.of("title", title, "fileName", fileName, "contentType", contentType, "size", size));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json();
    }

    /** Makes a presigned request the way any HTTP client would: its URL, its signed headers, the body. */
    protected static HttpResponse<String> perform(JsonNode presigned, byte[] body) {
        return perform(presigned, body, Map.of());
    }

    protected static HttpResponse<String> perform(JsonNode presigned, byte[] body, Map<String, String> overrides) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(presigned.get("url").asString()))
                .method(presigned.get("method").asString(), HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> headers = new HashMap<>();
        presigned
                .get("headers")
                .properties()
                .forEach(
                        header -> headers.put(header.getKey(), header.getValue().asString()));
        headers.putAll(overrides);
        // the JDK client computes Content-Length from the body and refuses to be told
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                request.header(name, value);
            }
        });
        return send(request.build());
    }

    protected JsonNode awaitState(String subject, String id, String state) {
        return await().atMost(PATIENCE)
                .until(
                        () -> call("GET", "/uploads/" + id, subject, null).json(),
                        upload -> state.equals(upload.path("state").asString()));
    }

    protected static synchronized UploadedEvents events() {
        if (events == null) {
            events = new UploadedEvents(INFRA.kafkaBootstrapServers());
        }
        return events;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything on {@code video.uploaded}, read with a plain Kafka consumer from the first offset on. */
    public static final class UploadedEvents {

        /** One record: key, headers as text, value parsed. */
        public record Event(String key, Map<String, String> headers, JsonNode value) {}

        private final KafkaConsumer<String, String> consumer;
        private final List<Event> seen = new ArrayList<>();

        UploadedEvents(String bootstrapServers) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.VIDEO_UPLOADED).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads up to the current end of every partition, so an absent event is really absent. */
        public synchronized List<Event> matching(Predicate<Event> filter) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    seen.add(new Event(record.key(), headers, JSON.readTree(record.value())));
                }
            }
            return seen.stream().filter(filter).toList();
        }

        public List<Event> forVideo(String videoId) {
            return matching(event -> videoId.equals(event.key()));
        }

        public List<Event> forObjectKey(String key) {
            return matching(event -> key.equals(event.value().path("key").asString()));
        }

        public Event awaitOneForObjectKey(String key) {
            return await().atMost(PATIENCE)
                    .until(() -> forObjectKey(key), found -> !found.isEmpty())
                    .get(0);
        }
    }
}
