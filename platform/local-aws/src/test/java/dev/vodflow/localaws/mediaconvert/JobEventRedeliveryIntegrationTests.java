package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalS3;
import dev.vodflow.localaws.LocalSqs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15: a job that runs while the SQS stand-in is down still has its state changes on the queue, in order, once
 * SQS is back, as EventBridge retries its target (the fault suite saw the emulator drop them, so the orchestrator
 * only learnt of those jobs from its reconciler).
 */
class JobEventRedeliveryIntegrationTests {

    @TempDir
    Path data;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aJobThatEndsWhileSqsIsDownHasItsEventsDeliveredInOrderOnceSqsIsBack() {
        try (LocalSqs sqs = LocalSqs.start(0, data.resolve("sqs"));
                LocalS3 s3 = LocalS3.start(new LocalS3.Config(data.resolve("s3"), 0, List.of()), sqs.client())) {
            String queue = sqs.createQueueWithDeadLetterQueue("job-events", 3, Duration.ofSeconds(30));
            s3.createBucket(EmulatorFixture.BUCKET);
            Path clip = SampleClips.video(data.resolve("clip.mp4"), "320x240", 30, 2);
            s3.client()
                    .putObject(
                            b -> b.bucket(EmulatorFixture.BUCKET).key("input/source.mp4"), RequestBody.fromFile(clip));
            try (MediaConvertEmulator emulator = MediaConvertEmulator.start(MediaConvertEmulator.Config.of(
                                    s3.endpoint(),
                                    sqs.endpoint(),
                                    queue,
                                    LocalAws.REGION,
                                    LocalAws.ACCESS_KEY_ID,
                                    LocalAws.SECRET_ACCESS_KEY)
                            .withWorkerThreads(1)
                            .withWorkDirectory(data.resolve("work")));
                    MediaConvertClient client = MediaConvertClient.builder()
                            .endpointOverride(emulator.endpoint())
                            .region(Region.of(LocalAws.REGION))
                            .credentialsProvider(LocalAws.credentials())
                            .build()) {

                sqs.stop();
                String id = client.createJob(JobTemplates.small(
                                "s3://" + EmulatorFixture.BUCKET + "/input/source.mp4", "while-down", 160, 120))
                        .job()
                        .id();
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> client.getJob(b -> b.id(id)).job().status() == JobStatus.COMPLETE);
                sqs.start();

                List<String> statuses = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    statuses.addAll(statusesOf(sqs, queue, id));
                    return statuses.contains("COMPLETE");
                });
                assertThat(statuses).first().isEqualTo("PROGRESSING");
                assertThat(statuses).last().isEqualTo("COMPLETE");
                assertThat(statuses).containsOnlyOnce("COMPLETE");
            }
        }
    }

    private List<String> statusesOf(LocalSqs sqs, String queue, String jobId) {
        List<Message> messages = sqs.client()
                .receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1).maxNumberOfMessages(10))
                .messages();
        messages.forEach(m -> sqs.client().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle())));
        return messages.stream()
                .map(m -> json.readTree(m.body()).path("detail"))
                .filter(detail -> jobId.equals(detail.path("jobId").asString()))
                .map(detail -> detail.path("status").asString())
                .toList();
    }
}
