package dev.vodflow.devstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How the front door proxies: bodies, streaming, connections, failures and paths, against a service of the test's. A
 * proxy that stops moving bytes hangs its client, so each test has a deadline.
 */
@Timeout(60)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class FrontDoorIntegrationTests {

    static final CountDownLatch secondPart = new CountDownLatch(1);

    /** Stands in for catalog-service. */
    static final HttpServer catalog = catalog();

    /**
     * A port nothing listens on, for live-service: bound and held, not listening, so connections to it are refused and
     * no server of the test is handed it (a probe closed at once could give its port to the front door itself).
     */
    static final Socket nobodyHeld = boundNotListening();

    static final int nobody = nobodyHeld.getLocalPort();

    @Autowired
    FrontDoor.Server frontDoor;

    private final HttpClient http = HttpClient.newHttpClient();

    private String base;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add(
                "vodflow.gateway.catalog",
                () -> "http://127.0.0.1:" + catalog.getAddress().getPort());
        registry.add("vodflow.gateway.live", () -> "http://127.0.0.1:" + nobody);
        registry.add("vodflow.gateway.transcode", () -> "http://no-such-host.invalid:8082");
    }

    @AfterAll
    static void stop() throws IOException {
        catalog.stop(0);
        nobodyHeld.close();
    }

    @BeforeEach
    void frontDoorAddress() {
        base = "http://127.0.0.1:" + frontDoor.port();
    }

    @Test
    void aLargeBodyGoesToTheServiceAndItsAnswerComesBackWhole() throws Exception {
        byte[] body = new byte[8 * 1024 * 1024 + 17];
        new Random(21).nextBytes(body);
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/videos/echo-body"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sha256(response.body())).isEqualTo(sha256(body));
    }

    @Test
    void theServiceSeesItsOwnHostTheClientsAddressAndNoHopByHopHeaders() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/videos/headers"))
                        .header("X-Request-Id", "r-1")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body())
                .contains("host: 127.0.0.1:" + catalog.getAddress().getPort() + "\n")
                .contains("x-forwarded-for: 127.0.0.1\n")
                .contains("x-forwarded-host: 127.0.0.1:" + frontDoor.port() + "\n")
                .contains("x-request-id: r-1\n")
                .doesNotContain("connection:")
                .doesNotContain("upgrade:");
    }

    @Test
    void aClientsConnectionKeepsItsConnectionToTheService() throws Exception {
        String first = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/videos/remote-port"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String second = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/videos/remote-port"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(second).as("the service's client port, twice").isEqualTo(first);
    }

    @Test
    void anAnswerStreamsAsTheServiceWritesIt() throws Exception {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/videos/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("data: one");
            secondPart.countDown(); // the service writes the rest only now
            assertThat(lines.readLine()).isEqualTo("data: two");
        }
    }

    @Test
    void aServiceThatDoesNotAnswerGivesABadGatewayThatSaysWhich() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/live/streams")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("cannot reach the service at 127.0.0.1:" + nobody);
        // and the connection still serves the next request
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/videos/remote-port"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aServiceWhoseNameDoesNotResolveGivesABadGatewayAndTheConnectionGoesOn() throws Exception {
        String response = raw("GET /api/jobs/v1 HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /api/videos/after HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
        assertThat(response)
                .startsWith("HTTP/1.1 502 ")
                .contains("cannot reach the service at no-such-host.invalid:8082")
                .contains("catalog saw /videos/after");
    }

    @Test
    void pathsThatCouldMeanAnotherPathToTheServiceAreRefused() throws Exception {
        for (String path : new String[] {
            "/api//videos/x", "/api/videos/a%2Fb", "/api/videos/a%5Cb", "/api/videos/%zz", "/api/videos/./x", "*"
        }) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
            assertThat(response).as(path).startsWith("HTTP/1.1 400 ").doesNotContain("catalog saw");
        }
        assertThat(
                        raw(
                                "GET /api/videos/x/../../playback/actuator/env HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 404 ");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String response = raw("GET /api/videos/path-1 HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "HEAD /api/videos/path-2 HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /api/videos/path-3 HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
        assertThat(response.split("HTTP/1.1 200 ", -1)).hasSize(4);
        assertThat(response.indexOf("catalog saw /videos/path-1"))
                .isPositive()
                .isLessThan(response.indexOf("catalog saw /videos/path-3"));
        assertThat(response).doesNotContain("catalog saw /videos/path-2");
    }

    @Test
    void garbageGetsABadRequestThatSaysWhy() throws Exception {
        assertThat(raw("NOT HTTP AT ALL\r\n\r\n")).startsWith("HTTP/1.1 400 ").contains("not a request");
    }

    /** Sends bytes as they are and reads until the gateway closes the connection. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", frontDoor.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Socket boundNotListening() {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpServer catalog() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/videos/echo-body", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                try (InputStream in = exchange.getRequestBody();
                        OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            });
            server.createContext(
                    "/videos/headers",
                    exchange -> answer(
                            exchange,
                            exchange.getRequestHeaders().entrySet().stream()
                                    .flatMap(header -> header.getValue().stream()
                                            .map(value -> header.getKey().toLowerCase() + ": " + value + "\n"))
                                    .collect(Collectors.joining())));
            server.createContext(
                    "/videos/remote-port",
                    exchange -> answer(
                            exchange, String.valueOf(exchange.getRemoteAddress().getPort())));
            server.createContext("/videos/stream", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("data: one\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    // "two" only once the client has read "one": a gateway that held the answer back gets "late"
                    boolean read = secondPart.await(10, TimeUnit.SECONDS);
                    out.write((read ? "data: two\n" : "data: late\n").getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.createContext("/", exchange -> answer(exchange, "catalog saw " + exchange.getRequestURI()));
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().transferTo(new ByteArrayOutputStream());
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
