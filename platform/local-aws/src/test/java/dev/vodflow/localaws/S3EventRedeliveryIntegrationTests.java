package dev.vodflow.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue 15: an object written while the SQS stand-in is down still gets its S3 event once SQS is back, as S3 retries
 * its deliveries (the fault suite found a watch-folder upload that never started because its event was dropped).
 */
class S3EventRedeliveryIntegrationTests {

    @TempDir
    Path data;

    @Test
    void anObjectCreatedWhileSqsIsDownIsAnnouncedOnceSqsIsBack() {
        try (LocalSqs sqs = LocalSqs.start(0, data.resolve("sqs"));
                LocalS3 s3 = LocalS3.start(new LocalS3.Config(data.resolve("s3"), 0, List.of()), sqs.client())) {
            String queue = sqs.createQueueWithDeadLetterQueue("s3-events", 3, Duration.ofSeconds(30));
            s3.createBucket("media");
            s3.notifyObjectCreated("input", "media", "input/", queue);
            drain(sqs, queue); // the s3:TestEvent

            sqs.stop();
            s3.client().putObject(b -> b.bucket("media").key("input/while down.mp4"), RequestBody.fromString("x"));
            sqs.start();

            List<String> bodies = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                bodies.addAll(drain(sqs, queue));
                return !bodies.isEmpty();
            });
            assertThat(bodies)
                    .singleElement()
                    .asString()
                    .contains("ObjectCreated:Put")
                    .contains("input/while");
        }
    }

    private static List<String> drain(LocalSqs sqs, String queue) {
        List<Message> messages = sqs.client()
                .receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1).maxNumberOfMessages(10))
                .messages();
        messages.forEach(m -> sqs.client().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle())));
        return messages.stream().map(Message::body).toList();
    }
}
