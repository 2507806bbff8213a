package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmsTests {

    private final VodflowStack stack = Synthesized.stack();

    @Test
    void theAlarmTopicsKeyLetsCloudWatchPublish() {
        Map<String, Object> topic =
                Resources.properties(Resources.logicalId(stack.alarms().topic()));
        Object key = topic.get("KmsMasterKeyId");
        assertThat(String.valueOf(key)).doesNotContain("alias/aws/sns");
        String keyId = String.valueOf(((Map<?, ?>) key).get("Fn::GetAtt")).replaceAll("\\[([A-Za-z0-9]+), Arn]", "$1");
        assertThat(Resources.statements(Resources.properties(keyId).get("KeyPolicy")))
                .anySatisfy(s -> {
                    assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "cloudwatch.amazonaws.com"));
                    assertThat(Resources.actions(s)).contains("kms:GenerateDataKey*", "kms:Decrypt");
                });
    }

    @Test
    void alarmsOnEveryMediaLiveChannelsAlertsInputLossAndOutputErrorsWithoutNamingAChannel() {
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        Resources.ofType("AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            Map<?, ?> props = (Map<?, ?>) alarm.get("Properties");
            if (props.get("Metrics") instanceof List<?> metrics) {
                for (Object metric : metrics) {
                    Map<?, ?> query = (Map<?, ?>) metric;
                    if (query.get("Expression") instanceof String expression && expression.contains("AWS/MediaLive")) {
                        queries.put(expression, String.valueOf(props.get("AlarmActions")));
                        assertThat(query.get("Period")).as(expression).isEqualTo(60);
                    }
                }
            }
        });
        assertThat(queries.keySet())
                .containsExactlyInAnyOrder(
                        "SELECT MAX(ActiveAlerts) FROM SCHEMA(\"AWS/MediaLive\", ChannelId, Pipeline)",
                        "SELECT MAX(InputLossSeconds) FROM SCHEMA(\"AWS/MediaLive\", ChannelId, Pipeline)",
                        "SELECT SUM(Output5xxErrors) FROM SCHEMA(\"AWS/MediaLive\", ChannelId, OutputGroupName, Pipeline)");
        assertThat(queries.values()).allSatisfy(actions -> assertThat(actions)
                .contains(Resources.logicalId(stack.alarms().topic())));
    }
}
