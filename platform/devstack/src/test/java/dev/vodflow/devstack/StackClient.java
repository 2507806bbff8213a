package dev.vodflow.devstack;

import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the dev stack's tests do as a script would: get a user's token, make a clip to upload. No test library here:
 * the benchmarks run it from the stack's own jar.
 */
final class StackClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StackClient() {}

    /** A token for {@code user} from the local issuer, through the user's dev client, as the README shows. */
    static String token(String user) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(DevStack.GATEWAY_URL + "/oauth2/token"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        ("dev-" + user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "no token for " + user + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    /** A generated H.264/AAC clip of {@code size} (e.g. {@code 1280x720}) lasting {@code seconds}, 25 fps. */
    static Path clip(Path file, String size, int seconds) {
        return SampleClips.video(file, size, 25, seconds);
    }
}
