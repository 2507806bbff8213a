package dev.vodflow.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends every token of {@link TestJwts#forgeries} to one endpoint of a running service and checks each is
 * answered 401 with a problem document, as {@code platform/security} promises every service does.
 */
public final class ForgedTokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ForgedTokens() {}

    /** @throws AssertionError naming each forgery that was not refused properly */
    public static void assertAllRefused(String method, URI endpoint) throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> forgery : TestJwts.forgeries("alice").entrySet()) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(endpoint)
                            .header("Authorization", "Bearer " + forgery.getValue())
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() != 401
                    || !type.startsWith("application/problem+json")
                    || !response.body().contains("\"status\":401")) {
                failures.add(forgery.getKey() + ": " + response.statusCode() + " " + type + " " + response.body());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(method + " " + endpoint + " did not refuse with a 401 problem: " + failures);
        }
    }
}
