package dev.vodflow.localaws.mediaconvert;

import com.sun.net.httpserver.HttpExchange;
import dev.vodflow.localaws.LoopbackHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST side: MediaConvert's restJson1 protocol as the AWS SDK and CLI speak it. Errors carry their type in
 * the {@code x-amzn-ErrorType} header and a {@code {"message": ...}} body, from which the SDK raises
 * {@code BadRequestException}, {@code NotFoundException}, {@code TooManyRequestsException} and so on.
 */
final class ApiServer {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final String JOBS = "/2017-08-29/jobs";

    private final Jobs jobs;
    private final JsonMapper json;
    private volatile LoopbackHttp http;

    private ApiServer(Jobs jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    static ApiServer start(int port, Jobs jobs, JsonMapper json) {
        ApiServer api = new ApiServer(jobs, json);
        api.http = LoopbackHttp.start(port, "mediaconvert-api", api::handle);
        return api;
    }

    URI endpoint() {
        return http.endpoint();
    }

    Jobs jobs() {
        return jobs;
    }

    void stop() {
        http.stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (ApiException e) {
                error(exchange, e);
            } catch (RuntimeException e) {
                log.warn("MediaConvert emulator request failed", e);
                error(exchange, ApiException.internal("Internal error: " + e.getMessage()));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals(JOBS) && method.equals("POST")) {
            Job job = jobs.create(body(exchange));
            respond(exchange, 201, wrap("job", job.toJson(json)));
        } else if (path.equals(JOBS) && method.equals("GET")) {
            Jobs.Page page = jobs.list(query(exchange.getRequestURI()));
            ObjectNode result = json.createObjectNode();
            ArrayNode list = result.putArray("jobs");
            page.jobs().forEach(job -> list.add(job.toJson(json)));
            if (page.nextToken() != null) {
                result.put("nextToken", page.nextToken());
            }
            respond(exchange, 200, result);
        } else if (path.startsWith(JOBS + "/") && path.indexOf('/', JOBS.length() + 1) < 0) {
            String id = URLDecoder.decode(path.substring(JOBS.length() + 1), StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> respond(exchange, 200, wrap("job", jobs.get(id).toJson(json)));
                case "DELETE" -> {
                    jobs.cancel(id);
                    respond(exchange, 202, json.createObjectNode());
                }
                default -> throw methodNotAllowed(method, path);
            }
        } else if (path.equals("/2017-08-29/endpoints") && method.equals("POST")) {
            // DescribeEndpoints: older clients ask for the account's endpoint first; it is this one.
            ObjectNode result = json.createObjectNode();
            result.putArray("endpoints").addObject().put("url", endpoint().toString());
            respond(exchange, 200, result);
        } else {
            throw ApiException.notFound("No MediaConvert operation " + method + " " + path + " in this emulator");
        }
    }

    private static ApiException methodNotAllowed(String method, String path) {
        return ApiException.notFound("No MediaConvert operation " + method + " " + path + " in this emulator");
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request body is empty; a JSON object is required");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (!node.isObject()) {
                throw ApiException.badRequest("The request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw ApiException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    private ObjectNode wrap(String name, ObjectNode value) {
        ObjectNode result = json.createObjectNode();
        result.set(name, value);
        return result;
    }

    private void error(HttpExchange exchange, ApiException e) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", e.errorType());
        ObjectNode body = json.createObjectNode();
        body.put("message", e.getMessage());
        respond(exchange, e.status(), body);
    }

    private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders()
                .set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
