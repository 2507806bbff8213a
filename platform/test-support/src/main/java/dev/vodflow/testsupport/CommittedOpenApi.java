package dev.vodflow.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a service's OpenAPI document in the repository ({@code src/main/openapi/openapi.json}) equal to what the
 * running service serves, so an API change shows in review. With {@code -Dvodflow.openapi.write=true} the live
 * document is written there instead of compared.
 */
public final class CommittedOpenApi {

    public static final Path COMMITTED = Path.of("src/main/openapi/openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private CommittedOpenApi() {}

    /**
     * Fetches {@code /v3/api-docs} from the service at {@code baseUrl} and compares it with the committed document
     * (the {@code servers} list, which names the test's random port, left out).
     *
     * @throws AssertionError naming the command that regenerates the document when they differ
     */
    public static void assertCommitted(String baseUrl, String module, String integrationTest) {
        String live = normalised(fetch(baseUrl + "/v3/api-docs"));
        try {
            if (Boolean.getBoolean("vodflow.openapi.write")) {
                Files.createDirectories(COMMITTED.getParent());
                Files.writeString(COMMITTED, live);
                return;
            }
            String committed = Files.exists(COMMITTED) ? normalised(Files.readString(COMMITTED)) : "";
            if (!committed.equals(live)) {
                Path actual = Path.of("target/openapi.json");
                Files.createDirectories(actual.getParent());
                Files.writeString(actual, live);
                throw new AssertionError("The API of " + module + " differs from " + module + "/" + COMMITTED
                        + " (the live document is in " + module + "/" + actual + "). If the change is meant, "
                        + "regenerate it with: ./mvnw -pl " + module + " -am verify -Dit.test=" + integrationTest
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=none -Dvodflow.openapi.write=true");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String normalised(String document) {
        JsonNode tree = JSON.readTree(document);
        if (tree instanceof ObjectNode object) {
            object.remove("servers");
        }
        // a canonical form: keys sorted, indented, one trailing newline
        return JSON.writeValueAsString(JSON.treeToValue(tree, Object.class)) + "\n";
    }

    private static String fetch(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
