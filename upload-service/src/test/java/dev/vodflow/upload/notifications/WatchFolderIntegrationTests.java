package dev.vodflow.upload.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.upload.UploadServiceTestBase;
import dev.vodflow.upload.media.MediaSamples;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

class WatchFolderIntegrationTests extends UploadServiceTestBase {

    @Autowired
    MeterRegistry meters;

    @Autowired
    S3EventPoller poller;

    @Test
    void anObjectCopiedIntoInputWithTheSdkIsPickedUpWithoutAnApiCall() {
        String staged = "staging/" + UUID.randomUUID() + "/clip.mp4";
        String key = "input/clip-" + UUID.randomUUID() + ".mp4";
        byte[] source = MediaSamples.mp4(100_000);
        INFRA.s3()
                .putObject(
                        r -> r.bucket(INFRA.bucket()).key(staged).contentType("video/mp4"),
                        RequestBody.fromBytes(source));

        INFRA.s3().copyObject(r -> r.sourceBucket(INFRA.bucket())
                .sourceKey(staged)
                .destinationBucket(INFRA.bucket())
                .destinationKey(key));

        var event = events().awaitOneForObjectKey(key);
        assertThat(event.value().get("origin").asString()).isEqualTo("WATCH_FOLDER");
        assertThat(event.value().get("ownerId").asString()).isEqualTo(WATCH_FOLDER_OWNER);
        assertThat(event.value().get("size").asLong()).isEqualTo(source.length);
        assertThat(event.value().get("contentType").asString()).isEqualTo("video/mp4");
        String videoId = event.value().get("videoId").asString();
        assertThat(event.key()).isEqualTo(videoId);
        JsonNode upload =
                call("GET", "/uploads/" + videoId, WATCH_FOLDER_OWNER, null).json();
        assertThat(upload.get("state").asString()).isEqualTo("UPLOADED");
        assertThat(upload.get("title").asString()).startsWith("clip-");
    }

    @Test
    void aLiveRecordingBecomesTheChannelOwnersVideoWithTheBroadcastsId() {
        String broadcast = UUID.randomUUID().toString();
        String key = "input/live/bob/" + broadcast + "/morning-show.000000.ts";

        INFRA.s3().putObject(r -> r.bucket(INFRA.bucket()).key(key), RequestBody.fromBytes(MediaSamples.mp4(4096)));

        var event = events().awaitOneForObjectKey(key);
        assertThat(event.value().get("videoId").asString()).isEqualTo(broadcast);
        assertThat(event.value().get("ownerId").asString()).isEqualTo("bob");
        assertThat(event.value().get("title").asString()).isEqualTo("morning show");
    }

    @Test
    void aKeyWithSpacesPlusAndNonAsciiCharactersRoundTrips() {
        String fileName = "my clip+final é ü 日本 " + UUID.randomUUID() + ".mov";
        String key = "input/" + fileName;

        INFRA.s3().putObject(r -> r.bucket(INFRA.bucket()).key(key), RequestBody.fromBytes(MediaSamples.mp4(4096)));

        var event = events().awaitOneForObjectKey(key);
        assertThat(event.value().get("key").asString()).isEqualTo(key);
        assertThat(event.value().get("originalFileName").asString()).isEqualTo(fileName);
        assertThat(event.value().get("title").asString()).isEqualTo(fileName.substring(0, fileName.length() - 4));
        // the key the consumer gets is the key S3 has
        assertThat(INFRA.s3().headObject(r -> r.bucket(INFRA.bucket()).key(key)).contentLength())
                .isEqualTo(4096);
    }

    @Test
    void theSameNotificationDeliveredThreeTimesGivesOneEvent() {
        String key = "input/twice-" + UUID.randomUUID() + ".mp4";
        double duplicatesBefore = count("duplicate");
        String body;
        poller.stop();
        try {
            INFRA.s3().putObject(r -> r.bucket(INFRA.bucket()).key(key), RequestBody.fromBytes(MediaSamples.mp4(2048)));
            body = takeNotificationOf(key);
            for (int i = 0; i < 3; i++) {
                INFRA.sqs().sendMessage(r -> r.queueUrl(INFRA.queueUrl("s3-events"))
                        .messageBody(body));
            }
        } finally {
            poller.start();
        }

        events().awaitOneForObjectKey(key);
        await().atMost(PATIENCE).until(() -> count("duplicate") >= duplicatesBefore + 2);
        assertThat(events().forObjectKey(key)).hasSize(1);
        assertThat(watchFolderUploads(key.substring("input/".length()))).hasSize(1);
    }

    @Test
    void aZeroByteObjectAndATextFileAreRejectedWithReasonsAndNotPublished() {
        String empty = "empty-" + UUID.randomUUID() + ".mp4";
        String text = "notes-" + UUID.randomUUID() + ".mov";

        INFRA.s3().putObject(r -> r.bucket(INFRA.bucket()).key("input/" + empty), RequestBody.empty());
        INFRA.s3()
                .putObject(
                        r -> r.bucket(INFRA.bucket()).key("input/" + text).contentType("video/quicktime"),
                        RequestBody.fromBytes(MediaSamples.text("Remember: buy milk.\n".repeat(50))));

        JsonNode rejectedEmpty = awaitWatchFolderUpload(empty, "REJECTED");
        assertThat(rejectedEmpty.get("reason").asString()).contains("empty (0 bytes)");
        JsonNode rejectedText = awaitWatchFolderUpload(text, "REJECTED");
        assertThat(rejectedText.get("reason").asString())
                .contains("no known media container")
                .contains("text");
        assertThat(events().forObjectKey("input/" + empty)).isEmpty();
        assertThat(events().forObjectKey("input/" + text)).isEmpty();
    }

    @Test
    void aGarbageBodyEndsInTheDeadLetterQueueWhileTheNextValidMessageGoesThrough() {
        String garbage = "this is no S3 event " + UUID.randomUUID() + " {";
        String key = "input/after-garbage-" + UUID.randomUUID() + ".mp4";

        INFRA.sqs().sendMessage(r -> r.queueUrl(INFRA.queueUrl("s3-events")).messageBody(garbage));
        INFRA.s3().putObject(r -> r.bucket(INFRA.bucket()).key(key), RequestBody.fromBytes(MediaSamples.mp4(2048)));

        events().awaitOneForObjectKey(key);
        Message dead = await().atMost(PATIENCE)
                .until(() -> receiveFrom("s3-events-dlq", garbage), Optional::isPresent)
                .get();
        assertThat(dead.body()).isEqualTo(garbage);
        INFRA.sqs()
                .deleteMessage(r -> r.queueUrl(INFRA.queueUrl("s3-events-dlq")).receiptHandle(dead.receiptHandle()));
    }

    @Test
    void s3TestEventsAreAcknowledgedAndSkipped() {
        double before = count("test_event");

        INFRA.sqs().sendMessage(r -> r.queueUrl(INFRA.queueUrl("s3-events")).messageBody("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-22T10:15:30.123Z",
                "Bucket":"vodflow-media","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3e"}
                """));

        await().atMost(PATIENCE).until(() -> count("test_event") >= before + 1);
    }

    private double count(String outcome) {
        var counter = meters.find("vodflow.upload.notifications")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Receives the genuine notification S3 sent for {@code key}, taking it off the queue. */
    private static String takeNotificationOf(String key) {
        String encoded = java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)
                .replace("%2F", "/");
        Message message = await().atMost(PATIENCE)
                .until(() -> receiveFrom("s3-events", "\"key\":\"" + encoded + "\""), Optional::isPresent)
                .get();
        INFRA.sqs().deleteMessage(r -> r.queueUrl(INFRA.queueUrl("s3-events")).receiptHandle(message.receiptHandle()));
        return message.body();
    }

    /** One receive; a message whose body contains {@code marker}, others are made visible again at once. */
    private static Optional<Message> receiveFrom(String queue, String marker) {
        String url = INFRA.queueUrl(queue);
        Optional<Message> found = Optional.empty();
        for (Message message : INFRA.sqs()
                .receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()) {
            if (found.isEmpty() && message.body().contains(marker)) {
                found = Optional.of(message);
            } else {
                INFRA.sqs().changeMessageVisibility(r -> r.queueUrl(url)
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
            }
        }
        return found;
    }

    private List<JsonNode> watchFolderUploads(String fileName) {
        List<JsonNode> matching = new ArrayList<>();
        call("GET", "/uploads?limit=500", WATCH_FOLDER_OWNER, null).json().forEach(upload -> {
            if (fileName.equals(upload.get("fileName").asString())) {
                matching.add(upload);
            }
        });
        return matching;
    }

    private JsonNode awaitWatchFolderUpload(String fileName, String state) {
        return await().atMost(PATIENCE)
                .until(
                        () -> watchFolderUploads(fileName),
                        found -> found.size() == 1
                                && state.equals(found.get(0).get("state").asString()))
                .get(0);
    }
}
