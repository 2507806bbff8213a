package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user does to find an upload's whole path: upload a clip as the page does (the presign call through the
 * gateway, then the PUT to S3), with a webhook subscribed; take the trace id the upload API returned and ask the
 * stack's Zipkin for that trace: the presign call, the orchestrator, the catalog, the notification service and its
 * webhook request are all in it, and the receiver got the same trace in its {@code traceparent}.
 */
@ExtendWith(SharedDevStack.class)
class TraceIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void oneUploadIsOneTraceFromThePresignCallToTheWebhook() throws Exception {
        JsonNode endpoints = JSON.readTree(
                SharedDevStack.dataDirectory().resolve("endpoints.json").toFile());
        assertThat(endpoints.path("zipkin").path("url").asString()).isEqualTo(ZipkinServer.URL);
        String alice = StackClient.token("alice");
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(Map.of(
                    "traceparent",
                    String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")),
                    "body",
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            // a webhook receiver on localhost, as a team integrating with vodflow would run one
            HttpResponse<String> registered = api(
                    "POST",
                    "/api/webhooks",
                    alice,
                    Map.of(
                            "url",
                            "http://localhost:" + receiver.getAddress().getPort() + "/hook",
                            "eventTypes",
                            List.of("transcode.completed")));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

            // the page's upload: the presign call, then the PUT straight to S3
            String title = "trace " + UUID.randomUUID().toString().substring(0, 8);
            Path clip = StackClient.clip(SharedDevStack.workDirectory().resolve(title + ".mp4"), "640x360", 4);
            HttpResponse<String> created = api(
                    "POST",
                    "/api/uploads",
                    alice,
                    Map.of(
                            "title",
                            title,
                            "fileName",
                            clip.getFileName().toString(),
                            "contentType",
                            "video/mp4",
                            "size",
                            Files.size(clip)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode plan = JSON.readTree(created.body());
            String traceId = plan.path("traceId").asString("");
            assertThat(traceId).hasSize(32);
            put(plan.path("upload"), clip);

            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> ready(alice, title));
            String videoId = plan.path("videoId").asString();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> received.stream()
                            .anyMatch(request -> request.get("body").contains(videoId)));
            assertThat(received)
                    .filteredOn(request -> request.get("body").contains(videoId))
                    .allSatisfy(
                            request -> assertThat(request.get("traceparent")).startsWith("00-" + traceId + "-"));

            // spans are exported in batches: the trace fills up within a few seconds of the last consumer
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        List<JsonNode> spans = trace(traceId);
                        assertThat(spans)
                                .extracting(span -> span.path("localEndpoint")
                                        .path("serviceName")
                                        .asString(""))
                                .contains(
                                        "upload-service",
                                        "transcode-orchestrator",
                                        "catalog-service",
                                        "notification-service");
                        assertThat(spans).as("the presign call").anySatisfy(span -> {
                            assertThat(span.path("localEndpoint")
                                            .path("serviceName")
                                            .asString(""))
                                    .isEqualTo("upload-service");
                            assertThat(span.path("kind").asString("")).isEqualTo("SERVER");
                            assertThat(span.path("tags").path("uri").asString(""))
                                    .isEqualTo("/uploads");
                        });
                        assertThat(spans).as("the webhook request").anySatisfy(span -> {
                            assertThat(span.path("localEndpoint")
                                            .path("serviceName")
                                            .asString(""))
                                    .isEqualTo("notification-service");
                            assertThat(span.path("kind").asString("")).isEqualTo("CLIENT");
                            assertThat(span.path("name").asString("")).containsIgnoringCase("post");
                        });
                    });
        } finally {
            receiver.stop(0);
        }
    }

    /** Every span of one trace, as Zipkin's API reports it (empty while it has none). */
    private static List<JsonNode> trace(String traceId) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(ZipkinServer.URL + "/api/v2/trace/" + traceId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> spans = new ArrayList<>();
        if (response.statusCode() == 200) {
            JSON.readTree(response.body()).forEach(spans::add);
        }
        return spans;
    }

    private static HttpResponse<String> api(String method, String path, String token, Object body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(DevStack.GATEWAY_URL + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The presigned PUT, with the headers the signature binds, as the page's upload does it. */
    private static void put(JsonNode presigned, Path clip) throws Exception {
        HttpResponse<String> response = HTTP.send(
                StackClient.presigned(presigned, HttpRequest.BodyPublishers.ofFile(clip))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static boolean ready(String token, String title) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(DevStack.GATEWAY_URL + "/api/videos"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200
                && JSON.readTree(response.body()).findParents("title").stream()
                        .anyMatch(video -> title.equals(video.path("title").asString(""))
                                && "READY".equals(video.path("state").asString("")));
    }
}
