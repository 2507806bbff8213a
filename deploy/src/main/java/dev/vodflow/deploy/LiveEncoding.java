package dev.vodflow.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.medialive.CfnInputSecurityGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * What live-service's MediaLive channels run with: the role MediaLive assumes (write each pipeline's HLS output under
 * {@code live-a/} and {@code live-b/} and the recording under {@code input/live/}, where the upload path takes it as
 * an ordinary video; nothing else), and the input security group that says which encoders may push RTMP or SRT. The channels
 * and inputs themselves are made per broadcast by live-service through the MediaLive API, as STANDARD channels (two
 * pipelines) whose epoch-locked outputs the CDN's origin group serves (see deploy/README.md, "Live").
 */
final class LiveEncoding extends Construct {

    /** Where MediaLive writes: the live playlists and segments, and the recordings handed to the VOD pipeline. */
    static final String RECORDING_PREFIX = MediaBucket.INPUT_PREFIX + "live/";

    record Props(Bucket media, String ingestCidr) {}

    private final Role role;
    private final CfnInputSecurityGroup inputSecurityGroup;

    LiveEncoding(Construct scope, String id, Props props) {
        super(scope, id);
        role = Role.Builder.create(this, "ChannelRole")
                .description("Assumed by vodflow's MediaLive channels: write live output and recordings")
                .assumedBy(new ServicePrincipal(
                        "medialive.amazonaws.com",
                        ServicePrincipalOpts.builder()
                                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                                .build()))
                .build();
        List<String> pipelineOutput = MediaBucket.LIVE_PIPELINE_PREFIXES.stream()
                .map(prefix -> props.media().arnForObjects(prefix + "*"))
                .toList();
        List<String> written = new java.util.ArrayList<>(pipelineOutput);
        written.add(props.media().arnForObjects(RECORDING_PREFIX + "*"));
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteLiveOutputAndRecordings")
                .actions(List.of("s3:PutObject"))
                .resources(written)
                .build());
        // The HLS group keeps a sliding window: MediaLive deletes the segments that left it (never a recording).
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DeleteExpiredLiveSegments")
                .actions(List.of("s3:DeleteObject"))
                .resources(pipelineOutput)
                .build());
        inputSecurityGroup = CfnInputSecurityGroup.Builder.create(this, "IngestSources")
                .whitelistRules(List.of(CfnInputSecurityGroup.InputWhitelistRuleCidrProperty.builder()
                        .cidr(props.ingestCidr())
                        .build()))
                .build();
    }

    Role role() {
        return role;
    }

    CfnInputSecurityGroup inputSecurityGroup() {
        return inputSecurityGroup;
    }
}
