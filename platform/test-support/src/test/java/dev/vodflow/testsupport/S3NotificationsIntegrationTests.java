package dev.vodflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(LocalInfrastructureExtension.class)
class S3NotificationsIntegrationTests {

    private static final int MIB = 1024 * 1024;

    @Test
    void putObjectArrivesAsAGenuineS3EventWithTheKeyEncodedAsS3Does(LocalInfrastructure infra) {
        String key = "input/" + UUID.randomUUID() + "/my clip+final été 🎬.mov";
        byte[] content = "not really a movie".getBytes(StandardCharsets.UTF_8);
        String etag = infra.s3()
                .putObject(b -> b.bucket(infra.bucket()).key(key), RequestBody.fromBytes(content))
                .eTag();

        S3EventNotificationRecord record = awaitRecordFor(infra, key);

        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getEventVersion()).isEqualTo("2.1");
        assertThat(record.getEventSource()).isEqualTo("aws:s3");
        assertThat(record.getAwsRegion()).isEqualTo(infra.region());
        assertThat(record.getS3().getBucket().getName()).isEqualTo(infra.bucket());
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(content.length);
        assertThat(record.getS3().getObject().getETag()).isEqualTo(etag.replace("\"", ""));
        assertThat(record.getS3().getObject().getSequencer()).isNotBlank();
        assertThat(record.getS3().getObject().getKey())
                .as("spaces are +, + is %2B, non-ASCII is percent-encoded UTF-8, / stays")
                .startsWith("input/")
                .contains("my+clip%2Bfinal+%C3%A9t%C3%A9+%F0%9F%8E%AC.mov");
    }

    @Test
    void completedMultipartUploadArrivesAsCompleteMultipartUpload(LocalInfrastructure infra) {
        S3Client s3 = infra.s3();
        String key = "input/" + UUID.randomUUID() + "/source";
        String uploadId =
                s3.createMultipartUpload(b -> b.bucket(infra.bucket()).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int part = 1; part <= 3; part++) {
            int number = part;
            int size = part < 3 ? 5 * MIB : 1024;
            String etag = s3.uploadPart(
                            b -> b.bucket(infra.bucket())
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number),
                            RequestBody.fromBytes(new byte[size]))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(
                b -> b.bucket(infra.bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));

        S3EventNotificationRecord record = awaitRecordFor(infra, key);

        assertThat(record.getEventName()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(10L * MIB + 1024);
        assertThat(record.getS3().getObject().getETag()).endsWith("-3");
    }

    @Test
    void copyIntoTheWatchFolderArrivesAsCopy(LocalInfrastructure infra) {
        String source = "staging/" + UUID.randomUUID() + ".mp4";
        String target = "input/" + UUID.randomUUID() + "/copied.mp4";
        infra.s3().putObject(b -> b.bucket(infra.bucket()).key(source), RequestBody.fromString("bytes"));
        infra.s3().copyObject(b -> b.sourceBucket(infra.bucket())
                .sourceKey(source)
                .destinationBucket(infra.bucket())
                .destinationKey(target));

        assertThat(awaitRecordFor(infra, target).getEventName()).isEqualTo("ObjectCreated:Copy");
    }

    private static S3EventNotificationRecord awaitRecordFor(LocalInfrastructure infra, String key) {
        String queue = infra.queueUrl("s3-events");
        List<S3EventNotificationRecord> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Message message : infra.sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                if (message.body().contains("s3:TestEvent")) {
                    infra.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
                    continue;
                }
                for (S3EventNotificationRecord record :
                        S3EventNotification.fromJson(message.body()).getRecords()) {
                    String decoded =
                            URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
                    if (decoded.equals(key)) {
                        found.add(record);
                        infra.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
                    } else {
                        // Another test's event: make it visible again for that test.
                        infra.sqs().changeMessageVisibility(b -> b.queueUrl(queue)
                                .receiptHandle(message.receiptHandle())
                                .visibilityTimeout(0));
                    }
                }
            }
            return !found.isEmpty();
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
