package dev.vodflow.devstack;

import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the dev stack's tests do as a script would: get a user's token, make a clip to upload. No test library here:
 * the benchmarks run it from the stack's own jar.
 */
final class StackClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
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

    /**
     * An API call as a script makes it: {@code method} on {@code base + path} with the user's bearer token, and a JSON
     * body when {@code json} is not null. Anything but a 2xx answer is an error naming the call and the answer.
     */
    static HttpResponse<String> call(String base, String method, String path, String token, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    /**
     * Deletes videos through the API as their owner would ({@code DELETE /api/videos/{id}}: the catalog drops them and
     * tells the other services, which remove what they kept of them). A video already gone counts as deleted.
     */
    static void deleteVideos(String token, List<String> videoIds) throws Exception {
        for (String video : videoIds) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(DevStack.GATEWAY_URL + "/api/videos/" + video))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204 && response.statusCode() != 404) {
                throw new IllegalStateException(
                        "DELETE /api/videos/" + video + ": " + response.statusCode() + " " + response.body());
            }
        }
    }

    /**
     * Uploads {@code clip} as {@code user}'s new video through the API as the page does ({@code POST /api/uploads},
     * then a PUT of the file to the presigned URL) and returns its id once S3 has stored the object.
     */
    static String upload(String token, Path clip, String title) throws Exception {
        JsonNode plan = JSON.readTree(call(
                        DevStack.GATEWAY_URL,
                        "POST",
                        "/api/uploads",
                        token,
                        JSON.writeValueAsString(Map.of(
                                "title",
                                title,
                                "fileName",
                                clip.getFileName().toString(),
                                "contentType",
                                "video/mp4",
                                "size",
                                Files.size(clip))))
                .body());
        HttpResponse<String> stored = HTTP.send(
                presigned(plan.path("upload"), HttpRequest.BodyPublishers.ofFile(clip))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (stored.statusCode() != 200) {
            throw new IllegalStateException("PUT of " + clip + ": " + stored.statusCode() + " " + stored.body());
        }
        return plan.path("videoId").asString();
    }

    /**
     * The request a presigned upload ({@code url}, {@code method}, {@code headers} as the upload API answers) asks
     * for, with {@code body}; the client sets Host and Content-Length itself.
     */
    static HttpRequest.Builder presigned(JsonNode presigned, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(presigned.path("url").asString()))
                .method(presigned.path("method").asString("PUT"), body);
        presigned.path("headers").properties().forEach(header -> {
            if (!header.getKey().equalsIgnoreCase("host") && !header.getKey().equalsIgnoreCase("content-length")) {
                request.header(header.getKey(), header.getValue().asString());
            }
        });
        return request;
    }

    /** The MediaConvert emulator's whole job list, by the video id the orchestrator puts in each job's metadata. */
    static Map<String, List<JsonNode>> mediaConvertJobs(URI endpoint) throws Exception {
        Map<String, List<JsonNode>> jobs = new TreeMap<>();
        String next = null;
        do {
            String query = "?maxResults=20" + (next != null ? "&nextToken=" + next : "");
            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(endpoint.resolve("/2017-08-29/jobs" + query))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("ListJobs: " + page.statusCode() + " " + page.body());
            }
            JsonNode body = JSON.readTree(page.body());
            for (JsonNode job : body.path("jobs")) {
                jobs.computeIfAbsent(job.path("userMetadata").path("videoId").asString(), k -> new ArrayList<>())
                        .add(job);
            }
            next = body.path("nextToken").asString(null);
        } while (next != null);
        return jobs;
    }

    /** A generated H.264/AAC clip of {@code size} (e.g. {@code 1280x720}) lasting {@code seconds}, 25 fps. */
    static Path clip(Path file, String size, int seconds) {
        return SampleClips.video(file, size, 25, seconds);
    }
}
