package dev.vodflow.upload.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vodflow.events.EventIds;
import dev.vodflow.testsupport.CommittedOpenApi;
import dev.vodflow.testsupport.ForgedTokens;
import dev.vodflow.upload.UploadServiceTestBase;
import dev.vodflow.upload.media.MediaSamples;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import tools.jackson.databind.JsonNode;

class UploadApiIntegrationTests extends UploadServiceTestBase {

    private static final int MB = 1024 * 1024;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theApiIsTheCommittedOpenApiDocument() {
        CommittedOpenApi.assertCommitted("http://127.0.0.1:" + port, "upload-service", "UploadApiIntegrationTests");
    }

    @Test
    void everyForgedOrMisdirectedTokenIsRefusedWith401Problem() throws Exception {
        ForgedTokens.assertAllRefused("POST", URI.create("http://127.0.0.1:" + port + "/uploads"));
    }

    @Test
    void presignedPutWithAPlainHttpClientPublishesExactlyOneVideoUploaded() {
        byte[] source = MediaSamples.mp4(64 * 1024);
        JsonNode plan = createUpload("alice", "Surfing at dawn", "surf.mp4", "video/mp4", source.length);
        String id = plan.get("id").asString();
        assertThat(plan.get("multipart").isNull()).isTrue();

        var put = perform(plan.get("upload"), source);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        JsonNode uploaded = awaitState("alice", id, "UPLOADED");
        assertThat(uploaded.get("size").asLong()).isEqualTo(source.length);
        var events = events().forVideo(id);
        assertThat(events).hasSize(1);
        var event = events.get(0);
        String key = "input/" + id + "/source";
        assertThat(event.value().get("ownerId").asString()).isEqualTo("alice");
        assertThat(event.value().get("size").asLong()).isEqualTo(source.length);
        assertThat(event.value().get("key").asString()).isEqualTo(key);
        assertThat(event.value().get("bucket").asString()).isEqualTo(INFRA.bucket());
        assertThat(event.value().get("title").asString()).isEqualTo("Surfing at dawn");
        assertThat(event.value().get("contentType").asString()).isEqualTo("video/mp4");
        assertThat(event.value().get("origin").asString()).isEqualTo("API");
        String etag = event.value().get("etag").asString();
        assertThat(event.value().get("eventId").asString())
                .isEqualTo(EventIds.videoUploaded(INFRA.bucket(), key, etag));
        assertThat(event.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "dev.vodflow.video.uploaded.v1")
                .containsEntry("ce_source", "/vodflow/upload-service")
                .containsEntry("ce_id", event.value().get("eventId").asString())
                .containsEntry("ce_subject", id)
                .containsEntry("content-type", "application/json");
    }

    @Test
    void thePresignBindsSizeAndTypeSoS3RefusesAnythingElse() {
        byte[] source = MediaSamples.mp4(4096);
        JsonNode plan = createUpload("alice", "Bound", "bound.mp4", "video/mp4", source.length);
        JsonNode put = plan.get("upload");
        assertThat(put.get("headers").properties())
                .extracting(Map.Entry::getKey)
                .anySatisfy(name -> assertThat(name).isEqualToIgnoringCase("content-type"));

        byte[] bigger = Arrays.copyOf(source, source.length + 1);
        assertThat(perform(put, bigger).statusCode()).isEqualTo(403);
        assertThat(perform(put, source, Map.of("Content-Type", "video/webm")).statusCode())
                .isEqualTo(403);
        assertThat(INFRA.s3()
                        .listObjectsV2(r -> r.bucket(INFRA.bucket())
                                .prefix("input/" + plan.get("id").asString()))
                        .contents())
                .isEmpty();

        assertThat(perform(put, source).statusCode()).isEqualTo(200);
        awaitState("alice", plan.get("id").asString(), "UPLOADED");
    }

    @Test
    void aThreePartMultipartUploadPublishesExactlyOneVideoUploaded() {
        byte[] source = MediaSamples.mp4(11 * MB);
        JsonNode plan = createUpload("alice", "Long take", "long take.mov", "video/quicktime", source.length);
        String id = plan.get("id").asString();
        JsonNode multipart = plan.get("multipart");
        assertThat(plan.get("upload").isNull()).isTrue();
        assertThat(multipart.get("partCount").asInt()).isEqualTo(3);
        assertThat(multipart.get("partSize").asLong()).isEqualTo(5 * MB);

        List<Map<String, Object>> etags = new ArrayList<>();
        for (JsonNode part : multipart.get("parts")) {
            int number = part.get("partNumber").asInt();
            var response = perform(part.get("upload"), slice(source, number));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            etags.add(Map.of(
                    "partNumber",
                    number,
                    "etag",
                    response.headers().firstValue("ETag").orElseThrow()));
        }
        var completed = call("POST", "/uploads/" + id + "/complete", "alice", Map.of("parts", etags));
        assertThat(completed.status()).as(completed.raw().body()).isEqualTo(202);

        awaitState("alice", id, "UPLOADED");
        var events = events().forVideo(id);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value().get("size").asLong()).isEqualTo(source.length);
        assertThat(events.get(0).value().get("ownerId").asString()).isEqualTo("alice");
        assertThat(events.get(0).value().get("key").asString()).isEqualTo("input/" + id + "/source");
        assertThat(events.get(0).value().get("contentType").asString()).isEqualTo("video/quicktime");
    }

    @Test
    void anInterruptedMultipartUploadResumesWithFreshPartUrls() {
        byte[] source = MediaSamples.mp4(11 * MB);
        JsonNode plan = createUpload("alice", "Resumed", "resumed.mp4", "video/mp4", source.length);
        String id = plan.get("id").asString();
        // the connection dies after the first part
        JsonNode first = plan.get("multipart").get("parts").get(0);
        assertThat(perform(first.get("upload"), slice(source, 1)).statusCode()).isEqualTo(200);

        JsonNode parts = call("GET", "/uploads/" + id + "/parts", "alice", null).json();
        assertThat(parts.get("parts"))
                .extracting(part -> part.get("partNumber").asInt())
                .containsExactly(1);
        assertThat(parts.get("missing")).extracting(JsonNode::asInt).containsExactly(2, 3);

        JsonNode fresh =
                call("POST", "/uploads/" + id + "/urls", "alice", Map.of()).json();
        assertThat(fresh.get("multipart").get("parts"))
                .extracting(part -> part.get("partNumber").asInt())
                .containsExactly(2, 3);
        for (JsonNode part : fresh.get("multipart").get("parts")) {
            assertThat(perform(
                                    part.get("upload"),
                                    slice(source, part.get("partNumber").asInt()))
                            .statusCode())
                    .isEqualTo(200);
        }
        JsonNode stored =
                call("GET", "/uploads/" + id + "/parts", "alice", null).json();
        assertThat(stored.get("missing")).isEmpty();
        List<Map<String, Object>> etags = new ArrayList<>();
        stored.get("parts")
                .forEach(part -> etags.add(Map.of(
                        "partNumber",
                        part.get("partNumber").asInt(),
                        "etag",
                        part.get("etag").asString())));

        assertThat(call("POST", "/uploads/" + id + "/complete", "alice", Map.of("parts", etags))
                        .status())
                .isEqualTo(202);
        awaitState("alice", id, "UPLOADED");
        assertThat(events().forVideo(id)).hasSize(1);
    }

    @Test
    void theOriginalFileNameRoundTripsThroughMetadataAndTheEvent() {
        String name = "surf dawn+final é ü 日本.mp4";
        byte[] source = MediaSamples.mp4(2048);
        JsonNode plan = createUpload("alice", "Names", name, "video/mp4", source.length);
        String id = plan.get("id").asString();
        assertThat(perform(plan.get("upload"), source).statusCode()).isEqualTo(200);

        awaitState("alice", id, "UPLOADED");
        var head = INFRA.s3().headObject(r -> r.bucket(INFRA.bucket()).key("input/" + id + "/source"));
        assertThat(URLDecoder.decode(head.metadata().get("original-name"), StandardCharsets.UTF_8))
                .isEqualTo(name);
        assertThat(events().forVideo(id).get(0).value().get("originalFileName").asString())
                .isEqualTo(name);
        assertThat(call("GET", "/uploads/" + id, "alice", null)
                        .json()
                        .get("fileName")
                        .asString())
                .isEqualTo(name);
    }

    @Test
    void aTextFileIsRejectedWithAReasonAndNotPublished() {
        byte[] text = MediaSamples.text("this is a shopping list, not a film\n".repeat(20));
        JsonNode plan = createUpload("alice", "Oops", "list.mp4", "video/mp4", text.length);
        String id = plan.get("id").asString();
        assertThat(perform(plan.get("upload"), text).statusCode()).isEqualTo(200);

        JsonNode rejected = awaitState("alice", id, "REJECTED");
        assertThat(rejected.get("reason").asString())
                .contains("no known media container")
                .contains("text");
        assertThat(events().forVideo(id)).isEmpty();
    }

    @Test
    void anotherUsersTokenGets404OnSomeoneElsesUpload() {
        JsonNode plan = createUpload("alice", "Private", "private.mp4", "video/mp4", 11L * MB);
        String id = plan.get("id").asString();

        assertThat(call("GET", "/uploads/" + id, "mallory", null).status()).isEqualTo(404);
        assertThat(call("GET", "/uploads/" + id + "/parts", "mallory", null).status())
                .isEqualTo(404);
        assertThat(call("POST", "/uploads/" + id + "/urls", "mallory", Map.of()).status())
                .isEqualTo(404);
        assertThat(call(
                                "POST",
                                "/uploads/" + id + "/complete",
                                "mallory",
                                Map.of("parts", List.of(Map.of("partNumber", 1, "etag", "x"))))
                        .status())
                .isEqualTo(404);
        var delete = call("DELETE", "/uploads/" + id, "mallory", null);
        assertThat(delete.status()).isEqualTo(404);
        assertThat(delete.contentType()).startsWith("application/problem+json");
        assertThat(call("GET", "/uploads", "mallory", null).json()).isEmpty();

        assertThat(call("GET", "/uploads/" + id, "alice", null)
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("AWAITING_UPLOAD");
        assertThat(call("GET", "/uploads", "alice", null).json())
                .extracting(upload -> upload.get("id").asString())
                .contains(id);
    }

    @Test
    void withoutATokenTheApiAnswers401AsAProblem() {
        var response = call("GET", "/uploads", null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.raw().headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    }

    @Test
    void garbageRequestsAreRefusedNamingEachFieldAndWhy() {
        var blank = call(
                "POST",
                "/uploads",
                "alice",
                Map.of("title", " ", "fileName", "a/b.mp4", "contentType", "video/mp4", "size", 0));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.contentType()).startsWith("application/problem+json");
        assertThat(blank.json().get("errors"))
                .extracting(error -> error.get("field").asString())
                .containsExactlyInAnyOrder("fileName", "size", "title");

        var nul = call(
                "POST",
                "/uploads",
                "alice",
                Map.of("title", "a\u0000b", "fileName", "x.mp4", "contentType", "video/mp4", "size", 1000));
        assertThat(nul.status()).as(nul.raw().body()).isEqualTo(400);
        assertThat(nul.contentType()).startsWith("application/problem+json");
        assertThat(nul.json().get("errors").get(0).get("field").asString()).isEqualTo("title");
        assertThat(nul.json().get("errors").get(0).get("message").asString()).contains("NUL");

        var text = call(
                "POST",
                "/uploads",
                "alice",
                Map.of("title", "t", "fileName", "a.txt", "contentType", "text/plain", "size", 10));
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("errors").get(0).get("field").asString()).isEqualTo("contentType");
        assertThat(text.json().get("errors").get(0).get("message").asString()).contains("video/mp4");

        var huge = call(
                "POST",
                "/uploads",
                "alice",
                Map.of("title", "t", "fileName", "a.mp4", "contentType", "video/mp4", "size", 65L * MB));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("errors").get(0).get("field").asString()).isEqualTo("size");

        var wrongType = call(
                "POST",
                "/uploads",
                "alice",
                "{\"title\":\"t\",\"fileName\":\"a.mp4\",\"contentType\":\"video/mp4\",\"size\":\"big\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").get(0).get("field").asString())
                .isEqualTo("size");

        var notJson = call("POST", "/uploads", "alice", "{nope");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).startsWith("application/problem+json");

        String id = interruptedAfterFirstPart("Parts").get("id").asString();
        var missingPart = call(
                "POST",
                "/uploads/" + id + "/complete",
                "alice",
                Map.of("parts", List.of(Map.of("partNumber", 1, "etag", "a"), Map.of("partNumber", 3, "etag", "c"))));
        assertThat(missingPart.status()).isEqualTo(400);
        assertThat(missingPart.json().get("errors").get(0).get("field").asString())
                .isEqualTo("parts");
        var badEtags = call(
                "POST",
                "/uploads/" + id + "/complete",
                "alice",
                Map.of(
                        "parts",
                        List.of(
                                Map.of("partNumber", 1, "etag", "a"),
                                Map.of("partNumber", 2, "etag", "b"),
                                Map.of("partNumber", 3, "etag", "c"))));
        assertThat(badEtags.status()).as(badEtags.raw().body()).isEqualTo(400);
        assertThat(badEtags.json().get("errors").get(0).get("field").asString()).isEqualTo("parts");
        var outside = call("POST", "/uploads/" + id + "/urls", "alice", Map.of("partNumbers", List.of(4)));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().get("errors").get(0).get("field").asString()).isEqualTo("partNumbers");
    }

    @Test
    void abortingDiscardsTheMultipartUpload() {
        JsonNode plan = interruptedAfterFirstPart("Never mind");
        String id = plan.get("id").asString();

        assertThat(call("DELETE", "/uploads/" + id, "alice", null).status()).isEqualTo(204);

        assertThat(call("GET", "/uploads/" + id, "alice", null)
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("ABORTED");
        assertS3NoLongerKnowsTheMultipartUpload(plan);
        assertThat(call("DELETE", "/uploads/" + id, "alice", null).status()).isEqualTo(204);
        assertThat(call("POST", "/uploads/" + id + "/urls", "alice", Map.of()).status())
                .isEqualTo(409);
    }

    @Test
    void uploadsNotCompletedInTimeExpireAndTheirMultipartUploadIsAborted() {
        JsonNode plan = interruptedAfterFirstPart("Late");
        String id = plan.get("id").asString();

        // the configured 24 h have passed
        jdbc.sql("update uploads set expires_at = :past where id = :id")
                .param("past", java.sql.Timestamp.from(Instant.now().minusSeconds(1)))
                .param("id", id)
                .update();

        JsonNode expired = awaitState("alice", id, "EXPIRED");
        assertThat(expired.get("reason").asString()).contains("not completed within");
        await().atMost(PATIENCE).untilAsserted(() -> assertS3NoLongerKnowsTheMultipartUpload(plan));
    }

    @Test
    void servesItsOpenApiDocument() {
        var docs = call("GET", "/v3/api-docs", null, null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").propertyNames())
                .contains(
                        "/uploads",
                        "/uploads/{id}",
                        "/uploads/{id}/parts",
                        "/uploads/{id}/urls",
                        "/uploads/{id}/complete");
        assertThat(call("GET", "/actuator/health", null, null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("UP");
    }

    /** A three-part upload whose connection died after the first part. */
    private JsonNode interruptedAfterFirstPart(String title) {
        JsonNode plan = createUpload("alice", title, title + ".mp4", "video/mp4", 11L * MB);
        var first =
                perform(plan.get("multipart").get("parts").get(0).get("upload"), slice(MediaSamples.mp4(11 * MB), 1));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        return plan;
    }

    /**
     * The local S3 lists an aborted upload's parts as empty, so the proof that the multipart upload is gone
     * is that aborting it again is refused, as on AWS.
     */
    private static void assertS3NoLongerKnowsTheMultipartUpload(JsonNode plan) {
        String key = "input/" + plan.get("id").asString() + "/source";
        String uploadId = plan.get("multipart").get("uploadId").asString();
        assertThatThrownBy(() -> INFRA.s3()
                        .abortMultipartUpload(
                                r -> r.bucket(INFRA.bucket()).key(key).uploadId(uploadId)))
                .isInstanceOf(NoSuchUploadException.class);
    }

    private static byte[] slice(byte[] source, int partNumber) {
        int from = (partNumber - 1) * 5 * MB;
        return Arrays.copyOfRange(source, from, Math.min(source.length, from + 5 * MB));
    }
}
