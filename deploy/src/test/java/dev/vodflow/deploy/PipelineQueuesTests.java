package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vodflow.localaws.LocalEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.sqs.Queue;

class PipelineQueuesTests {

    private final VodflowStack stack = Synthesized.stack();
    private final String uploads = Resources.logicalId(stack.queues().uploads());
    private final String media = Resources.logicalId(stack.bucket().media());

    @Test
    void sendsEveryObjectCreatedUnderInputToTheUploadQueue() {
        Synthesized.template()
                .hasResourceProperties(
                        "Custom::S3BucketNotifications",
                        Map.of(
                                "BucketName",
                                Map.of("Ref", media),
                                "NotificationConfiguration",
                                Map.of(
                                        "QueueConfigurations",
                                        List.of(Map.of(
                                                "Events", List.of("s3:ObjectCreated:*"),
                                                "Filter",
                                                        Map.of(
                                                                "Key",
                                                                Map.of(
                                                                        "FilterRules",
                                                                        List.of(
                                                                                Map.of(
                                                                                        "Name", "prefix",
                                                                                        "Value", "input/")))),
                                                "QueueArn", Map.of("Fn::GetAtt", List.of(uploads, "Arn")))))));
    }

    @Test
    void deadLettersAfterAsManyReceivesAsTheLocalStandIn() {
        for (Queue queue : List.of(stack.queues().uploads(), stack.queues().jobEvents())) {
            Map<?, ?> redrive =
                    (Map<?, ?>) Resources.properties(Resources.logicalId(queue)).get("RedrivePolicy");
            assertThat(redrive.get("maxReceiveCount")).isEqualTo(LocalEnvironment.MAX_RECEIVE_COUNT);
        }
    }

    @Test
    void encryptsEveryQueue() {
        assertThat(Resources.ofType("AWS::SQS::Queue").values()).isNotEmpty().allSatisfy(queue -> assertThat(
                        ((Map<?, ?>) queue.get("Properties")).get("SqsManagedSseEnabled"))
                .isEqualTo(true));
    }

    @Test
    void admitsOnlyThisBucketOfThisAccount() {
        Map<String, Object> bucketArn = Map.of("Fn::GetAtt", List.of(media, "Arn"));
        List<Map<String, Object>> fromS3 = uploadQueuePolicy().stream()
                .filter(s -> Map.of("Service", "s3.amazonaws.com").equals(s.get("Principal")))
                .toList();
        assertThat(fromS3)
                .extracting(s -> s.get("Effect"), s -> s.get("Condition"))
                .containsExactlyInAnyOrder(
                        tuple("Allow", Map.of("ArnLike", Map.of("aws:SourceArn", bucketArn))),
                        tuple(
                                "Deny",
                                Map.of(
                                        "StringNotEquals",
                                        Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))),
                        tuple("Deny", Map.of("ArnNotEquals", Map.of("aws:SourceArn", bucketArn))));
    }

    private List<Map<String, Object>> uploadQueuePolicy() {
        return Resources.ofType("AWS::SQS::QueuePolicy").values().stream()
                .map(policy -> (Map<?, ?>) policy.get("Properties"))
                .filter(props -> List.of(Map.of("Ref", uploads)).equals(props.get("Queues")))
                .flatMap(props -> Resources.statements(props.get("PolicyDocument")).stream())
                .toList();
    }

    @Test
    void alarmsWhenAnyDeadLetterQueueHoldsAMessage() {
        List<String> alarmedQueues = Resources.ofType("AWS::CloudWatch::Alarm").values().stream()
                .map(alarm -> (Map<?, ?>) alarm.get("Properties"))
                .filter(props -> "ApproximateNumberOfMessagesVisible".equals(props.get("MetricName")))
                .map(props -> String.valueOf(props.get("Dimensions")))
                .toList();
        for (Queue queue : List.of(
                stack.queues().deadLetterQueues().get(0),
                stack.queues().deadLetterQueues().get(1),
                stack.transcoding().ruleDeadLetters())) {
            assertThat(alarmedQueues)
                    .as("alarm on %s", queue.getNode().getPath())
                    .anyMatch(dimensions -> dimensions.contains(Resources.logicalId(queue)));
        }
    }
}
