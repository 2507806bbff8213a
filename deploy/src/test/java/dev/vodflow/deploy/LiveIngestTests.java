package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may publish live. live-service creates each channel's two inputs at run time (RTMP_PUSH, and SRT_LISTENER with
 * the stream key as streamid) and attaches this stack's one input security group to both, so the group is what keeps
 * every other network off both ingests.
 */
class LiveIngestTests {

    @Test
    void oneInputSecurityGroupAdmitsOnlyTheEncodersNetworkAndLiveServiceAttachesItToItsInputs() {
        VodflowStack stack = Synthesized.stack();
        Map<String, Map<String, Object>> groups = Resources.ofType("AWS::MediaLive::InputSecurityGroup");
        String group = Resources.logicalId(stack.live().inputSecurityGroup());
        assertThat(groups).containsOnlyKeys(group);
        assertThat(Resources.properties(group).get("WhitelistRules"))
                .isEqualTo(List.of(Map.of("Cidr", Map.of("Ref", "LiveIngestCidr"))));
        assertThat(Containers.environment(ServiceSpecs.LIVE).get("VODFLOW_MEDIALIVE_INPUT_SECURITY_GROUP"))
                .isEqualTo(Map.of("Ref", group));
        // and no input is made here: each channel's inputs carry its own key, so live-service makes them
        assertThat(Resources.ofType("AWS::MediaLive::Input")).isEmpty();
    }
}
