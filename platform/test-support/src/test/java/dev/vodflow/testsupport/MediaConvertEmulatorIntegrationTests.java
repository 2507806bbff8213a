package dev.vodflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(LocalInfrastructureExtension.class)
class MediaConvertEmulatorIntegrationTests {

    @Test
    void jobStateEventsOfTheEmulatorReachTheMediaConvertEventsQueue(LocalInfrastructure infra) {
        try (MediaConvertClient mediaConvert = MediaConvertClient.builder()
                .endpointOverride(infra.mediaConvertEndpoint())
                .region(Region.of(infra.region()))
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        infra.accessKeyId(), infra.secretAccessKey()))
                .build()) {
            String input = "s3://" + infra.bucket() + "/input/test-support/missing.mp4";
            String id = mediaConvert
                    .createJob(b -> b.role("arn:aws:iam::000000000000:role/MediaConvert")
                            .userMetadata(Map.of("videoId", "test-support"))
                            .settings(s -> s.inputs(i -> i.fileInput(input))
                                    .outputGroups(g -> g.outputGroupSettings(o -> o.type("FILE_GROUP_SETTINGS")
                                                    .fileGroupSettings(f -> f.destination(
                                                            "s3://" + infra.bucket() + "/output/test-support/")))
                                            .outputs(o -> o.containerSettings(c -> c.container("MP4"))
                                                    .videoDescription(v -> v.codecSettings(c -> c.codec("H_264")
                                                            .h264Settings(h -> h.rateControlMode("QVBR")
                                                                    .maxBitrate(500_000))))))))
                    .job()
                    .id();

            Job job = await().atMost(Duration.ofSeconds(60))
                    .until(() -> mediaConvert.getJob(b -> b.id(id)).job(), j -> j.status() == JobStatus.ERROR);
            assertThat(job.errorCode()).isEqualTo(1010);

            String queue = infra.queueUrl("mediaconvert-events");
            List<String> statuses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (Message message : infra.sqs()
                        .receiveMessage(
                                b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()) {
                    if (message.body().contains(id)) {
                        statuses.add(message.body().replaceAll(".*\"status\":\"([A-Z_]+)\".*", "$1"));
                        infra.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
                    }
                }
                return statuses.contains("ERROR");
            });
            assertThat(statuses).containsExactly("PROGRESSING", "ERROR");
        }
    }
}
