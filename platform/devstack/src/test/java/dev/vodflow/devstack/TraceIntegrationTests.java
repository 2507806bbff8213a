package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator does to find an upload's whole path: drop a clip into the watch folder of the running stack,
 * wait for the video to be ready, then ask the stack's Zipkin for the trace in which upload-service handled it and
 * find the orchestrator, the catalog and the notification service in that same trace.
 */
@ExtendWith(SharedDevStack.class)
class TraceIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void oneUploadIsOneTraceFromTheS3EventToTheNotification() throws Exception {
        JsonNode endpoints = JSON.readTree(
                SharedDevStack.dataDirectory().resolve("endpoints.json").toFile());
        assertThat(endpoints.path("zipkin").path("url").asString()).isEqualTo(ZipkinServer.URL);
        String title = "trace " + UUID.randomUUID().toString().substring(0, 8);
        Path clip = StackClient.clip(SharedDevStack.workDirectory().resolve(title + ".mp4"), "640x360", 4);
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(
                        URI.create(endpoints.path("s3").path("endpoint").asString()))
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalAws.ACCESS_KEY_ID, LocalAws.SECRET_ACCESS_KEY)))
                .forcePathStyle(true)
                .build()) {
            s3.putObject(
                    request -> request.bucket(LocalEnvironment.BUCKET)
                            .key(LocalEnvironment.INPUT_PREFIX + clip.getFileName()),
                    RequestBody.fromFile(clip));
        }

        String alice = StackClient.token("alice");
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> ready(alice, title));

        // spans are exported in batches: the trace fills up within a few seconds of the last consumer
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(servicesInTraces()).anySatisfy(services -> assertThat(services)
                        .contains(
                                "upload-service",
                                "transcode-orchestrator",
                                "catalog-service",
                                "notification-service")));
    }

    /** The services of each trace in which upload-service took part recently, as Zipkin's API reports them. */
    private static List<Set<String>> servicesInTraces() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(ZipkinServer.URL + "/api/v2/traces?serviceName=upload-service&limit=50"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Set<String>> traces = new ArrayList<>();
        for (JsonNode trace : JSON.readTree(response.body())) {
            Set<String> services = new TreeSet<>();
            String traceId = null;
            for (JsonNode span : trace) {
                services.add(span.path("localEndpoint").path("serviceName").asString(""));
                String id = span.path("traceId").asString();
                assertThat(traceId == null || traceId.equals(id))
                        .as("one trace id per trace")
                        .isTrue();
                traceId = id;
            }
            traces.add(services);
        }
        return traces;
    }

    private static boolean ready(String token, String title) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(DevStack.GATEWAY_URL + "/api/videos"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200
                && JSON.readTree(response.body()).findParents("title").stream()
                        .anyMatch(video -> title.equals(video.path("title").asString(""))
                                && "READY".equals(video.path("state").asString("")));
    }
}
