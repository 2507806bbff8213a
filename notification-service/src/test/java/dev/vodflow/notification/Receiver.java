package dev.vodflow.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on the loopback interface (JDK HttpServer): each path answers with its scripted status codes in
 * turn (the last one repeats), optionally after waiting for a gate, and records every request it got.
 */
public final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A new endpoint answering {@code statuses} in turn; its URL uses the host name {@code localhost}. */
    public Endpoint endpoint(String name, Integer... statuses) {
        Endpoint endpoint =
                new Endpoint("http://localhost:" + server.getAddress().getPort() + "/" + name, Arrays.asList(statuses));
        endpoints.put("/" + name, endpoint);
        return endpoint;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Endpoint endpoint = endpoints.get(exchange.getRequestURI().getPath());
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status = 404;
        if (endpoint != null) {
            endpoint.requests.add(new Request(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("traceparent")));
            status = endpoint.nextStatus();
            try {
                if (!endpoint.gate.await(30, TimeUnit.SECONDS)) {
                    status = 599;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (status >= 300 && status < 400) {
            exchange.getResponseHeaders().add("Location", endpoint.redirectTo);
        }
        byte[] answer = ("{\"received\":true}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static final class Endpoint {
        private final String url;
        private final List<Integer> statuses;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile String redirectTo = "";
        private int answered;

        Endpoint(String url, List<Integer> statuses) {
            this.url = url;
            this.statuses = new ArrayList<>(statuses.isEmpty() ? List.of(200) : statuses);
        }

        public String url() {
            return url;
        }

        public List<Request> requests() {
            return List.copyOf(requests);
        }

        /** Where a 3xx answer points. */
        public void redirectTo(String url) {
            redirectTo = url;
        }

        /** From now on every request waits until {@link #open()}. */
        public void hold() {
            gate = new CountDownLatch(1);
        }

        public void open() {
            gate.countDown();
        }

        /** Replaces what the endpoint answers from now on. */
        public synchronized void answer(Integer... next) {
            statuses.clear();
            statuses.addAll(Arrays.asList(next));
            answered = 0;
        }

        private synchronized int nextStatus() {
            int status = statuses.get(Math.min(answered, statuses.size() - 1));
            answered++;
            return status;
        }
    }

    public record Request(String id, String timestamp, String signature, String body, String traceparent) {}
}
