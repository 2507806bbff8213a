package dev.vodflow.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.mediaconvert.CfnQueue;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * MediaConvert for the orchestrator: its own on-demand job queue, the role jobs run as (read sources, write
 * renditions, nothing else), and every job state change of this queue routed to the job-events queue.
 */
final class Transcoding extends Construct {

    record Props(Bucket media, Queue jobEvents) {}

    private final CfnQueue queue;
    private final Role role;
    private final Queue ruleDeadLetters;

    Transcoding(Construct scope, String id, Props props) {
        super(scope, id);
        queue = CfnQueue.Builder.create(this, "Queue")
                .description("vodflow transcodes")
                .pricingPlan("ON_DEMAND")
                .status("ACTIVE")
                .build();

        role = Role.Builder.create(this, "JobRole")
                .description("Assumed by MediaConvert jobs: read sources, write renditions")
                .assumedBy(new ServicePrincipal(
                        "mediaconvert.amazonaws.com",
                        software.amazon.awscdk.services.iam.ServicePrincipalOpts.builder()
                                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                                .build()))
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadSources")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(props.media().arnForObjects(MediaBucket.INPUT_PREFIX + "*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteRenditions")
                .actions(List.of("s3:PutObject"))
                .resources(List.of(
                        props.media().arnForObjects(MediaBucket.OUTPUT_PREFIX + "*"),
                        props.media().arnForObjects(MediaBucket.DOWNLOAD_PREFIX + "*")))
                .build());

        ruleDeadLetters = Queue.Builder.create(this, "RuleDlq")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        // No status filter: the orchestrator reads STATUS_UPDATE (progress) as well as the final states.
        Rule.Builder.create(this, "JobStateChanges")
                .description("MediaConvert job state changes of the vodflow queue to the orchestrator")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.mediaconvert"))
                        .detailType(List.of("MediaConvert Job State Change"))
                        .detail(Map.of("queue", List.of(queue.getAttrArn())))
                        .build())
                .targets(List.of(SqsQueue.Builder.create(props.jobEvents())
                        .deadLetterQueue(ruleDeadLetters)
                        .retryAttempts(185)
                        .maxEventAge(Duration.hours(24))
                        .build()))
                .build();
    }

    CfnQueue queue() {
        return queue;
    }

    Role role() {
        return role;
    }

    Queue ruleDeadLetters() {
        return ruleDeadLetters;
    }
}
