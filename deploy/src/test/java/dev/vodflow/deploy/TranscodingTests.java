package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscodingTests {

    private final VodflowStack stack = Synthesized.stack();
    private final String media = Resources.logicalId(stack.bucket().media());

    @Test
    void jobRoleReadsSourcesAndWritesRenditionsOnly() {
        List<Map<String, Object>> statements = Resources.allowStatements(
                Resources.logicalId(stack.transcoding().role()));
        assertThat(statements)
                .extracting(s -> Resources.actions(s), Resources::resources)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(List.of("s3:GetObject"), List.of(objects("input/*"))),
                        org.assertj.core.groups.Tuple.tuple(
                                List.of("s3:PutObject"), List.of(objects("output/*"), objects("download/*"))));
    }

    @Test
    void onlyMediaConvertOfThisAccountAssumesTheJobRole() {
        Map<?, ?> trust = (Map<?, ?>)
                Resources.properties(Resources.logicalId(stack.transcoding().role()))
                        .get("AssumeRolePolicyDocument");
        assertThat(trust.toString()).contains("mediaconvert.amazonaws.com").contains("aws:SourceAccount");
    }

    @Test
    void routesEveryStateChangeOfItsQueueIncludingProgressToTheJobEventsQueueWithADeadLetterQueue() {
        Map<String, Object> rule =
                Resources.ofType("AWS::Events::Rule").values().iterator().next();
        Map<?, ?> props = (Map<?, ?>) rule.get("Properties");
        String queue = Resources.logicalId(stack.transcoding().queue());
        assertThat(props.get("EventPattern"))
                .isEqualTo(Map.of(
                        "source", List.of("aws.mediaconvert"),
                        "detail-type", List.of("MediaConvert Job State Change"),
                        // no "status" filter: STATUS_UPDATE carries the progress the orchestrator publishes
                        "detail", Map.of("queue", List.of(Map.of("Fn::GetAtt", List.of(queue, "Arn"))))));
        Map<?, ?> target = (Map<?, ?>) ((List<?>) props.get("Targets")).get(0);
        assertThat(target.get("Arn"))
                .isEqualTo(Map.of(
                        "Fn::GetAtt", List.of(Resources.logicalId(stack.queues().jobEvents()), "Arn")));
        assertThat(target.get("DeadLetterConfig"))
                .isEqualTo(Map.of(
                        "Arn",
                        Map.of(
                                "Fn::GetAtt",
                                List.of(Resources.logicalId(stack.transcoding().ruleDeadLetters()), "Arn"))));
    }

    @Test
    void hasItsOwnOnDemandQueue() {
        assertThat(Resources.properties(Resources.logicalId(stack.transcoding().queue())))
                .containsEntry("PricingPlan", "ON_DEMAND")
                .containsEntry("Status", "ACTIVE");
    }

    private Map<String, Object> objects(String pattern) {
        return Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::GetAtt", List.of(media, "Arn")), "/" + pattern)));
    }
}
