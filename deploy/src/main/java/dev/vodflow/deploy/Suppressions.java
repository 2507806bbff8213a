package dev.vodflow.deploy;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.constructs.IConstruct;

/**
 * The cdk-nag findings this app accepts, each with its reason. Wildcard findings are accepted only for the exact
 * resource patterns named here, so a new wildcard still fails the build.
 */
final class Suppressions {

    /** Singleton Lambda functions that CDK itself adds for custom resources. */
    private static final List<String> CDK_PROVIDED_FUNCTIONS = List.of(
            "AWS679f53fac002430cb0da5b7982bd2287", // AwsCustomResource: MSK bootstrap brokers, CREATE DATABASE
            "BucketNotificationsHandler", // S3 → SQS notification configuration
            "LogRetention"); // retention of the log groups RDS creates itself

    static void apply(VodflowStack stack) {
        for (IConstruct child : stack.getNode().getChildren()) {
            String id = child.getNode().getId();
            if (CDK_PROVIDED_FUNCTIONS.stream().anyMatch(id::startsWith)) {
                NagSuppressions.addResourceSuppressions(
                        child,
                        List.of(
                                suppress(
                                        "AwsSolutions-IAM4",
                                        "CDK's own provider function uses AWSLambdaBasicExecutionRole for its logs"),
                                suppress(
                                        "AwsSolutions-IAM5",
                                        "CDK's log-retention function must manage log groups whose names RDS picks"),
                                suppress(
                                        "AwsSolutions-L1",
                                        "CDK pins the runtime of its own provider function; it runs only at deploy")),
                        true);
            }
        }

        NagSuppressions.addResourceSuppressions(
                stack.cdn().distribution(),
                List.of(suppress(
                        "AwsSolutions-CFR4",
                        "The default *.cloudfront.net certificate cannot set a minimum TLS version; viewers are"
                                + " HTTPS-only. Add a custom domain and certificate to enforce TLSv1.2_2021")),
                true);
        NagSuppressions.addResourceSuppressions(
                stack.databases().cluster(),
                List.of(suppress(
                        "AwsSolutions-SMG4",
                        "ECS injects the credentials at task start; rotating them would break running tasks' new"
                                + " connections until they restart. Rotate by redeploying after a manual rotation")),
                true);
        for (var route : stack.frontDoor().openRoutes()) {
            NagSuppressions.addResourceSuppressions(
                    route,
                    List.of(
                            suppress(
                                    "AwsSolutions-APIG4",
                                    "The unsubscribe link in every mail: a mail reader has no login, the link's"
                                            + " HMAC-signed token says who; notification-service verifies it"),
                            suppress(
                                    "AwsSolutions-COG4",
                                    "The unsubscribe link in every mail: a mail reader has no login, the link's"
                                            + " HMAC-signed token says who; notification-service verifies it")),
                    true);
        }
        NagSuppressions.addResourceSuppressions(
                stack.email().unsubscribeKey(),
                List.of(suppress(
                        "AwsSolutions-SMG4",
                        "The unsubscribe links' HMAC key: rotating it voids every link in mails already sent, and ECS"
                                + " injects it at task start. Replace it by hand, deliberately, if it leaks")),
                true);
        NagSuppressions.addResourceSuppressions(
                stack.transcoding().ruleDeadLetters(),
                List.of(suppress(
                        "AwsSolutions-SQS3",
                        "This queue is itself the dead-letter queue of the MediaConvert event rule's target")),
                true);

        for (ServiceSpec spec : ServiceSpecs.ALL) {
            Services.Deployed deployed = stack.services().get(spec);
            TaskDefinition task = deployed.service().getTaskDefinition();
            NagSuppressions.addResourceSuppressions(
                    task,
                    List.of(suppress(
                            "AwsSolutions-ECS2",
                            "The environment holds resource names and endpoints only; credentials and keys come"
                                    + " from Secrets Manager through the container's secrets")),
                    false);
            NagSuppressions.addResourceSuppressions(
                    task.obtainExecutionRole(),
                    List.of(NagPackSuppression.builder()
                            .id("AwsSolutions-IAM5")
                            .reason("ecr:GetAuthorizationToken supports no resource but *; the image pull and"
                                    + " secrets are scoped to their ARNs")
                            .appliesTo(List.of("Resource::*"))
                            .build()),
                    true);
            NagSuppressions.addResourceSuppressions(
                    deployed.taskRole(),
                    List.of(NagPackSuppression.builder()
                            .id("AwsSolutions-IAM5")
                            .reason("Object keys are per video: the grant is scoped to the one prefix the service"
                                    + " uses (input/, output/, download/) or to this account's MediaConvert jobs")
                            .appliesTo(
                                    List.of(
                                            RegexAppliesTo.builder()
                                                    .regex(
                                                            "/^Resource::<StorageMedia[0-9A-F]+\\.Arn>\\/(input|output|download)\\/\\*$/")
                                                    .build(),
                                            "Resource::arn:<AWS::Partition>:mediaconvert:<AWS::Region>:<AWS::AccountId>:jobs/*"))
                            .build()),
                    true);
        }
        NagSuppressions.addResourceSuppressions(
                stack.services().get(ServiceSpecs.LIVE).taskRole(),
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("live-service makes a MediaLive channel and input per broadcast, so their ids are"
                                + " not known at deploy; recordings are per broadcast under input/live/")
                        .appliesTo(List.of(
                                "Resource::arn:<AWS::Partition>:medialive:<AWS::Region>:<AWS::AccountId>:channel:*",
                                "Resource::arn:<AWS::Partition>:medialive:<AWS::Region>:<AWS::AccountId>:input:*",
                                RegexAppliesTo.builder()
                                        .regex("/^Resource::<StorageMedia[0-9A-F]+\\.Arn>\\/input\\/live\\/\\*$/")
                                        .build()))
                        .build()),
                true);
        NagSuppressions.addResourceSuppressions(
                stack.live().role(),
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("MediaLive writes each broadcast's segments under live-a/ and live-b/ (one folder per"
                                + " pipeline) and its recording under input/live/; segment names are made by MediaLive")
                        .appliesTo(List.of(RegexAppliesTo.builder()
                                .regex(
                                        "/^Resource::<StorageMedia[0-9A-F]+\\.Arn>\\/(live-a|live-b|input\\/live)\\/\\*$/")
                                .build()))
                        .build()),
                true);
        NagSuppressions.addResourceSuppressions(
                stack.transcoding().role(),
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("MediaConvert reads any source under input/ and writes any rendition under output/"
                                + " (the MP4s under download/)")
                        .appliesTo(List.of(RegexAppliesTo.builder()
                                .regex("/^Resource::<StorageMedia[0-9A-F]+\\.Arn>\\/(input|output|download)\\/\\*$/")
                                .build()))
                        .build()),
                true);
    }

    private static NagPackSuppression suppress(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }

    private Suppressions() {}
}
