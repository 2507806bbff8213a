package dev.vodflow.devstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook subscriber that keeps a log of every delivery it answered (its {@code webhook-id} and the event's id),
 * and that can be down for a while: stopped, then started again on the same port, as a customer's endpoint that
 * goes away and comes back.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One delivery answered with 204. */
    record Delivery(String webhookId, String type, String eventId) {}

    private final ConcurrentLinkedQueue<Delivery> log = new ConcurrentLinkedQueue<>();
    private final int port;
    private HttpServer server;
    private ExecutorService threads;

    private WebhookReceiver(int port) {
        this.port = port;
    }

    static WebhookReceiver start() throws IOException {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        // the probe is closed first: the receiver binds the same port, now and after each outage
        WebhookReceiver receiver = new WebhookReceiver(port);
        receiver.up();
        return receiver;
    }

    /** The subscription's URL: localhost, the one host the dev stack lets webhooks reach over plain http. */
    String url() {
        return "http://localhost:" + port + "/hook";
    }

    synchronized void up() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        threads = Executors.newFixedThreadPool(4);
        http.setExecutor(threads);
        http.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            var json = JSON.readTree(body);
            log.add(new Delivery(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    json.path("type").asString(),
                    json.path("data").path("eventId").asString()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        server = http;
    }

    /** Down: connections to its port are refused until {@link #up()}. */
    synchronized void down() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    List<Delivery> deliveries() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        down();
    }
}
