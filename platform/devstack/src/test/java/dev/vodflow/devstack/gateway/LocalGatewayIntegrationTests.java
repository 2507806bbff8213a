package dev.vodflow.devstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.vodflow.devstack.Networks;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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

    @Autowired
    FrontDoor.Server frontDoor;

    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        backends.forEach((name, server) -> registry.add(
                "vodflow.gateway." + name,
                () -> "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @BeforeEach
    void frontDoorPort() {
        port = frontDoor.port();
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
    void thePageRenewsItsTokenWithARefreshTokenReplacedAtEveryUseAndAReusedOneEndsTheSignIn() throws Exception {
        JsonNode signedIn = signInAsThePage("alice");
        String first = signedIn.get("refresh_token").asString();
        assertThat(first).isNotBlank();

        HttpResponse<String> renewed = refresh(first);
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(renewed.body());
        SignedJWT jwt = SignedJWT.parse(body.get("access_token").asString());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("vodflow-api");
        String second = body.get("refresh_token").asString();
        assertThat(second).isNotBlank().isNotEqualTo(first);

        // The replaced token presented again: someone else holds this sign-in, so it ends for both.
        assertThat(refresh(first).statusCode()).isEqualTo(400);
        assertThat(refresh(second).statusCode()).isEqualTo(400);
    }

    @Test
    void aRefreshWithoutTheClientOrForAnotherClientIsRefused() throws Exception {
        String token = signInAsThePage("bob").get("refresh_token").asString();
        // No client named: the request is malformed (a public client identifies itself by client_id).
        assertThat(tokenRequest("grant_type=refresh_token&refresh_token=" + token)
                        .statusCode())
                .isEqualTo(400);
        assertThat(tokenRequest("grant_type=refresh_token&client_id=dev-bob&refresh_token=" + token)
                        .statusCode())
                .isEqualTo(401);
        assertThat(tokenRequest("grant_type=refresh_token&client_id=vodflow-web&refresh_token=forged")
                        .statusCode())
                .isEqualTo(400);
        assertThat(refresh(token).statusCode())
                .as("the sign-in itself is untouched")
                .isEqualTo(200);
    }

    /** What the page does: authorization code with PKCE, signing in on the issuer's form. */
    private JsonNode signInAsThePage(String user) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String base = "http://localhost:" + port;
        String verifier = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.UTF_8));
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = base + "/oauth2/authorize?response_type=code&client_id=vodflow-web&scope=openid%20vodflow"
                + "&redirect_uri=" + URLEncoder.encode("http://localhost:8080/", StandardCharsets.UTF_8)
                + "&state=s1&code_challenge=" + challenge + "&code_challenge_method=S256";
        HttpResponse<String> toLogin = browser.send(
                HttpRequest.newBuilder(URI.create(authorize))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(toLogin.statusCode()).isEqualTo(302);
        String form = browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as(form).isTrue();
        HttpResponse<String> loggedIn = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + user + "&password=" + user + "&_csrf=" + csrf.group(1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        String back = loggedIn.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> redirected = browser.send(
                HttpRequest.newBuilder(URI.create(base).resolve(back)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirected.statusCode()).isEqualTo(302);
        Matcher code = Pattern.compile("[?&]code=([^&]+)")
                .matcher(redirected.headers().firstValue("Location").orElseThrow());
        assertThat(code.find()).isTrue();
        HttpResponse<String> tokens = tokenRequest("grant_type=authorization_code&client_id=vodflow-web&code="
                + code.group(1) + "&redirect_uri=" + URLEncoder.encode("http://localhost:8080/", StandardCharsets.UTF_8)
                + "&code_verifier=" + verifier);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(tokens.body());
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return tokenRequest("grant_type=refresh_token&client_id=vodflow-web&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> tokenRequest(String form) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
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
    void proxiedCallsMakeNoMetersNobodyCanRead() throws Exception {
        assertThat(get("/api/videos/v1")).isEqualTo("catalog/videos/v1");
        // The gateway exposes only health and exports no traces: a timer per proxied call would be cost alone.
        assertThat(meters.find("http.server.requests").meters()).isEmpty();
        assertThat(meters.find("http.client.requests").meters()).isEmpty();
    }

    @Test
    void apiCallsPassThroughWithoutASessionOrACsrfToken() throws Exception {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/videos/v1"))
                            .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(200);
            assertThat(response.body()).as(method).isEqualTo("catalog/videos/v1");
            assertThat(response.headers().allValues("Set-Cookie"))
                    .as("%s through the gateway opens no session", method)
                    .isEmpty();
        }
        // the sign-in page keeps its session and CSRF token
        HttpResponse<String> login = send("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("_csrf");
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
