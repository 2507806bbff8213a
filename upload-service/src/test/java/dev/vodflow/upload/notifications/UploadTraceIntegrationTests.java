package dev.vodflow.upload.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.testsupport.TestJwts;
import dev.vodflow.upload.UploadServiceTestBase;
import dev.vodflow.upload.media.MediaSamples;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;

/**
 * The upload's trace starts at the presign call: the client's {@code traceparent} (or the trace the service opens for
 * the call) is kept with the upload, and the S3 event of that object continues it, so {@code video.uploaded} carries
 * the same trace id on to Kafka. A watch-folder object, which had no call, is a trace of its own.
 */
class UploadTraceIntegrationTests extends UploadServiceTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    MeterRegistry meters;

    @Test
    void theS3EventOfAPresignedUploadContinuesTheTraceOfThePresignCall() throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        byte[] source = MediaSamples.mp4(32 * 1024);
        double uploadedBefore = count("uploaded", "api");

        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/uploads"))
                        .header("Authorization", "Bearer " + TestJwts.token("alice"))
                        .header("Content-Type", "application/json")
                        .header(
                                "traceparent",
                                "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                                "title",
                                "Traced",
                                "fileName",
                                "traced.mp4",
                                "contentType",
                                "video/mp4",
                                "size",
                                source.length))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode plan = JSON.readTree(response.body());
        assertThat(plan.get("traceId").asString()).isEqualTo(traceId);
        String id = plan.get("id").asString();

        assertThat(perform(plan.get("upload"), source).statusCode()).isEqualTo(200);
        JsonNode uploaded = awaitState("alice", id, "UPLOADED");

        assertThat(uploaded.get("traceId").asString()).isEqualTo(traceId);
        var event = events().awaitOneForObjectKey("input/" + id + "/source");
        assertThat(event.headers().get("traceparent")).startsWith("00-" + traceId + "-");
        assertThat(count("uploaded", "api")).isEqualTo(uploadedBefore + 1);
    }

    @Test
    void aWatchFolderObjectStartsItsOwnTraceAndTheUploadNamesIt() {
        String key = "input/traced-" + UUID.randomUUID() + ".mp4";
        INFRA.s3().putObject(r -> r.bucket(INFRA.bucket()).key(key), RequestBody.fromBytes(MediaSamples.mp4(4096)));

        var event = events().awaitOneForObjectKey(key);
        String videoId = event.key();
        JsonNode upload = awaitState(WATCH_FOLDER_OWNER, videoId, "UPLOADED");
        String traceId = upload.get("traceId").asString();
        assertThat(traceId).hasSize(32);
        assertThat(event.headers().get("traceparent")).startsWith("00-" + traceId + "-");
    }

    @Test
    void aRejectedSourceIsCountedAsARejectedUpload() {
        double before = count("rejected", "watch_folder");
        String key = "input/notes-" + UUID.randomUUID() + ".txt";
        INFRA.s3()
                .putObject(
                        r -> r.bucket(INFRA.bucket()).key(key),
                        RequestBody.fromBytes(MediaSamples.text("not a video\n".repeat(100))));

        await().atMost(PATIENCE).until(() -> count("rejected", "watch_folder") == before + 1);
    }

    private double count(String outcome, String origin) {
        Counter counter = meters.find("vodflow.uploads")
                .tags("outcome", outcome, "origin", origin)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never the all-zero id, which W3C calls invalid
        return bytes;
    }
}
