package dev.vodflow.devstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.vodflow.devstack.Networks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class LocalGatewayIntegrationTests {

    private static final List<String> SERVICES = List.of("upload", "catalog", "playback", "notification", "transcode");

    /** One small HTTP server per service, answering with its name and the path and query it was asked for. */
    static final Map<String, HttpServer> backends =
            SERVICES.stream().collect(Collectors.toMap(name -> name, LocalGatewayIntegrationTests::echoServer));

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        backends.forEach((name, server) -> registry.add(
                "vodflow.gateway." + name,
                () -> "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterAll
    static void stopBackends() {
        backends.values().forEach(server -> server.stop(0));
    }

    @Test
    void devClientCredentialsGiveATokenForItsUserWithRoles() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString("dev-ops:ops".getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=vodflow"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        SignedJWT jwt = SignedJWT.parse(body.get("access_token").asString());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("ops");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("admin");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("vodflow-api");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:8080");
    }

    @Test
    void wrongDevClientSecretIsRefused() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=client_credentials&client_id=dev-alice&client_secret=bob"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void apiPathsReachTheOwningService() throws Exception {
        assertThat(get("/api/videos/v1?state=READY")).isEqualTo("catalog/videos/v1?state=READY");
        assertThat(get("/api/videos")).isEqualTo("catalog/videos");
        assertThat(get("/api/uploads/u1/parts")).isEqualTo("upload/uploads/u1/parts");
        assertThat(get("/api/playback/videos/v1/playback-session")).isEqualTo("playback/videos/v1/playback-session");
        assertThat(get("/api/webhooks/w1/deliveries")).isEqualTo("notification/webhooks/w1/deliveries");
        assertThat(get("/api/events")).isEqualTo("notification/events");
        assertThat(get("/api/jobs/v1")).isEqualTo("transcode/jobs/v1");
    }

    @Test
    void operatorPathsReachTheServicesOpsEndpoints() throws Exception {
        assertThat(get("/api/ops/catalog/fingerprint")).isEqualTo("catalog/ops/fingerprint");
        assertThat(get("/api/ops/catalog/replay?job=r1")).isEqualTo("catalog/ops/replay?job=r1");
        assertThat(get("/api/ops/jobs/v1")).isEqualTo("transcode/jobs/v1");
        assertThat(get("/api/ops/jobs/v1/retry")).isEqualTo("transcode/jobs/v1/retry");
    }

    @Test
    void managementEndpointsAreNotReachableThroughTheGateway() throws Exception {
        for (String path : List.of(
                "/actuator",
                "/actuator/prometheus",
                "/actuator/env",
                "/actuator/health/readiness",
                "/api/playback/actuator/prometheus",
                "/api/uploads/actuator/prometheus",
                "/api/ops/jobs/actuator/env",
                "/api/playback/%61ctuator/prometheus",
                "/api/playback/videos/../actuator/prometheus")) {
            HttpResponse<String> response = send(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(SERVICES).as(path + " never reaches a service").noneMatch(service -> response.body()
                    .startsWith(service + "/"));
        }
        assertThat(send("/actuator/health").statusCode())
                .as("the gateway's own health, for container checks")
                .isEqualTo(200);
    }

    @Test
    void everyServicesOpenApiDocumentIsReachableForTheSwaggerUi() throws Exception {
        assertThat(get("/api-docs/uploads")).isEqualTo("upload/v3/api-docs");
        assertThat(get("/api-docs/jobs")).isEqualTo("transcode/v3/api-docs");
        assertThat(get("/api-docs/videos")).isEqualTo("catalog/v3/api-docs");
        assertThat(get("/api-docs/webhooks")).isEqualTo("notification/v3/api-docs");
        assertThat(get("/api-docs/playback")).isEqualTo("playback/v3/api-docs");
        HttpResponse<String> config = send("/docs/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/api-docs/uploads", "/api-docs/live", "catalog-service");
    }

    @Test
    void theEventCatalogueAndItsSchemasAreServed() throws Exception {
        HttpResponse<String> catalogue = send("/docs/asyncapi.yaml");
        assertThat(catalogue.statusCode()).isEqualTo(200);
        assertThat(catalogue.body()).startsWith("#").contains("asyncapi: 3.0.0");
        HttpResponse<String> schema = send("/schemas/dev.vodflow.video.uploaded.v1.json");
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).contains("\"title\": \"VideoUploaded\"");
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        assertThat(Networks.accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
        assertThat(Networks.accepts(Networks.externalAddress(), port))
                .as("a connection to the gateway on %s", Networks.externalAddress())
                .isFalse();
    }

    private HttpResponse<String> send(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpServer echoServer(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = (name + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
