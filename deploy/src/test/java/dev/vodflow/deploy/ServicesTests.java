package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ServicesTests {

    static final List<ServiceSpec> SERVICES = ServiceSpecs.ALL;

    private final VodflowStack stack = Synthesized.stack();
    private final String media = Resources.logicalId(stack.bucket().media());

    @Test
    void runsEveryServiceOnFargateInPrivateSubnets() {
        var services = Resources.ofType("AWS::ECS::Service").values();
        assertThat(services).hasSize(SERVICES.size());
        assertThat(services).allSatisfy(service -> {
            Map<?, ?> props = (Map<?, ?>) service.get("Properties");
            assertThat(props.get("LaunchType")).isEqualTo("FARGATE");
            assertThat(props.toString()).contains("AssignPublicIp=DISABLED");
        });
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void pullsItsImageByRepositoryAndTagParameters(ServiceSpec service) {
        String image = String.valueOf(Containers.definition(service).get("Image"));
        assertThat(image)
                .contains("{Ref=" + service.logicalId() + "ImageRepository}")
                .contains("{Ref=" + service.logicalId() + "ImageTag}");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void logsToCloudWatch(ServiceSpec service) {
        Map<?, ?> logging = (Map<?, ?>) Containers.definition(service).get("LogConfiguration");
        assertThat(logging.get("LogDriver")).isEqualTo("awslogs");
    }

    @Test
    void checksHealthOnActuatorReadinessWhichEveryServiceExposes() {
        var groups =
                Resources.ofType("AWS::ElasticLoadBalancingV2::TargetGroup").values();
        assertThat(groups).hasSize(SERVICES.size());
        assertThat(groups).allSatisfy(g -> assertThat(((Map<?, ?>) g.get("Properties")).get("HealthCheckPath"))
                .isEqualTo("/actuator/health/readiness"));
        // outside Kubernetes Spring Boot only serves the readiness group when probes are switched on
        for (ServiceSpec service : SERVICES) {
            assertThat(Containers.environment(service))
                    .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        }
    }

    @Test
    void uploadPutsAndManagesMultipartUploadsUnderInputAndReadsItsQueue() {
        assertThat(awsActions(ServiceSpecs.UPLOAD))
                .containsExactlyInAnyOrder(
                        "s3:PutObject@input/*",
                        "s3:GetObject@input/*",
                        "s3:DeleteObject@input/*",
                        "s3:AbortMultipartUpload@input/*",
                        "s3:ListMultipartUploadParts@input/*",
                        "sqs:ReceiveMessage@"
                                + Resources.logicalId(stack.queues().uploads()),
                        "sqs:DeleteMessage@"
                                + Resources.logicalId(stack.queues().uploads()),
                        "sqs:ChangeMessageVisibility@"
                                + Resources.logicalId(stack.queues().uploads()),
                        "sqs:GetQueueAttributes@"
                                + Resources.logicalId(stack.queues().uploads()));
    }

    @Test
    void orchestratorDrivesItsMediaConvertQueueAndPassesOnlyTheJobRole() {
        String queue = Resources.logicalId(stack.transcoding().queue());
        String events = Resources.logicalId(stack.queues().jobEvents());
        assertThat(awsActions(ServiceSpecs.TRANSCODE))
                .containsExactlyInAnyOrder(
                        "s3:GetObject@input/*",
                        "s3:GetObject@output/*",
                        "s3:ListBucket@bucket",
                        "s3:DeleteObject@output/*",
                        "s3:DeleteObject@download/*",
                        "mediaconvert:CreateJob@" + queue,
                        "mediaconvert:ListJobs@" + queue,
                        "mediaconvert:GetJob@jobs/*",
                        "mediaconvert:CancelJob@jobs/*",
                        "iam:PassRole@"
                                + Resources.logicalId(stack.transcoding().role()),
                        "sqs:ReceiveMessage@" + events,
                        "sqs:DeleteMessage@" + events,
                        "sqs:GetQueueAttributes@" + events);
    }

    @Test
    void catalogOnlyDeletesUnderInputOutputAndDownload() {
        assertThat(awsActions(ServiceSpecs.CATALOG))
                .containsExactlyInAnyOrder(
                        "s3:DeleteObject@input/*",
                        "s3:DeleteObject@output/*",
                        "s3:DeleteObject@download/*",
                        "s3:ListBucket@bucket");
        assertThat(listedPrefixes(ServiceSpecs.CATALOG)).containsExactlyInAnyOrder("input/*", "output/*", "download/*");
        assertThat(listedPrefixes(ServiceSpecs.TRANSCODE)).containsExactlyInAnyOrder("output/*", "download/*");
    }

    @Test
    void playbackTouchesNoAwsDataAtAll() {
        assertThat(awsActions(ServiceSpecs.PLAYBACK)).isEmpty();
    }

    @Test
    void notificationOnlySendsMailAndReadsItsFeedbackQueueNoS3() {
        assertThat(awsActions(ServiceSpecs.NOTIFICATION))
                .containsExactlyInAnyOrder(
                        "ses:SendEmail@" + Resources.logicalId(stack.email().identity()),
                        "ses:SendEmail@configuration-set/"
                                + Resources.logicalId(stack.email().configurationSet()),
                        "sqs:ReceiveMessage@"
                                + Resources.logicalId(stack.email().feedback()),
                        "sqs:DeleteMessage@" + Resources.logicalId(stack.email().feedback()));
    }

    @Test
    void liveDrivesOnlyTheMediaLiveCallsItMakesAndPassesOnlyTheChannelRole() {
        String channels = "arn:<partition>:medialive:<region>:<account>:channel:*";
        String inputs = "arn:<partition>:medialive:<region>:<account>:input:*";
        String ingestGroup = "arn:<partition>:medialive:<region>:<account>:inputSecurityGroup:"
                + Resources.logicalId(stack.live().inputSecurityGroup());
        List<String> expected = new java.util.ArrayList<>();
        // MediaLiveEncoder: createInput, updateInput (key rotation), deleteInput; createChannel, updateChannel (the
        // broadcast's archive), describeChannel (RecordingWatch), startChannel, stopChannel, deleteChannel
        for (String action : List.of(
                "CreateInput",
                "UpdateInput",
                "DeleteInput",
                "CreateChannel",
                "UpdateChannel",
                "DescribeChannel",
                "StartChannel",
                "StopChannel",
                "DeleteChannel")) {
            for (String resource : List.of(channels, inputs, ingestGroup)) {
                expected.add("medialive:" + action + "@" + resource);
            }
        }
        expected.add("iam:PassRole@" + Resources.logicalId(stack.live().role()));
        // RecordingWatch: headObject on the finished recording
        expected.add("s3:GetObject@input/live/*");
        assertThat(awsActions(ServiceSpecs.LIVE)).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, Object> passRole =
                Resources.allowStatements(Resources.logicalId(
                                stack.services().get(ServiceSpecs.LIVE).taskRole()))
                        .stream()
                        .filter(st -> Resources.actions(st).contains("iam:PassRole"))
                        .findFirst()
                        .orElseThrow();
        assertThat(passRole.get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("iam:PassedToService", "medialive.amazonaws.com")));
    }

    @Test
    void theChannelRoleWritesOnlyThePipelinesFoldersAndRecordings() {
        List<Map<String, Object>> statements =
                Resources.allowStatements(Resources.logicalId(stack.live().role()));
        List<String> grants = statements.stream()
                .flatMap(st -> Resources.actions(st).stream().flatMap(a -> Resources.resources(st).stream()
                        .map(r -> a + "@" + r.toString().replaceAll(".*, /([^\\]]*)]].*", "$1"))))
                .toList();
        assertThat(grants)
                .containsExactlyInAnyOrder(
                        "s3:PutObject@live-a/*",
                        "s3:PutObject@live-b/*",
                        "s3:PutObject@input/live/*",
                        "s3:DeleteObject@live-a/*",
                        "s3:DeleteObject@live-b/*");
    }

    @Test
    void onlyPlaybackCanReadItsSigningKeys() {
        for (ServiceSpec service : SERVICES) {
            String executionRole = Resources.logicalId(
                    stack.services().get(service).service().getTaskDefinition().obtainExecutionRole());
            boolean readsSigningKeys = Resources.allowStatements(executionRole).stream()
                    .flatMap(s -> Resources.resources(s).stream())
                    .anyMatch(r -> r.toString().contains("SigningKeyAPrivateKeySecret"));
            assertThat(readsSigningKeys).as(service.name()).isEqualTo(service == ServiceSpecs.PLAYBACK);
        }
    }

    /**
     * The task role's non-Kafka grants as {@code action@resource}, the resource shortened to the bucket prefix or the
     * logical id it points at.
     */
    private List<String> awsActions(ServiceSpec service) {
        return Resources.allowStatements(
                        Resources.logicalId(stack.services().get(service).taskRole()))
                .stream()
                .flatMap(s -> Resources.actions(s).stream()
                        .filter(a -> !a.startsWith("kafka-cluster:"))
                        .flatMap(a -> Resources.resources(s).stream().map(r -> a + "@" + shorten(r))))
                .toList();
    }

    /** The prefixes a service's task role may list the media bucket under ({@code s3:prefix}). */
    private List<Object> listedPrefixes(ServiceSpec service) {
        return Resources.allowStatements(
                        Resources.logicalId(stack.services().get(service).taskRole()))
                .stream()
                .filter(s -> Resources.actions(s).contains("s3:ListBucket"))
                .flatMap(s -> ((List<?>)
                                ((Map<?, ?>) ((Map<?, ?>) s.get("Condition")).get("StringLike")).get("s3:prefix"))
                        .stream().map(Object.class::cast))
                .toList();
    }

    private String shorten(Object resource) {
        String text = resource.toString();
        if (text.contains(":medialive:")) {
            return text.replace("${AWS::Partition}", "<partition>")
                    .replace("${AWS::Region}", "<region>")
                    .replace("${AWS::AccountId}", "<account>")
                    .replace("${SG}", Resources.logicalId(stack.live().inputSecurityGroup()))
                    .replaceAll(".*(arn:<partition>:medialive:[^,}\\]]*).*", "$1");
        }
        if (text.contains(":identity/")) {
            return text.replaceAll(".*:identity/, \\{Ref=([A-Za-z0-9]+)}.*", "$1");
        }
        if (text.contains(":configuration-set/")) {
            return "configuration-set/" + text.replaceAll(".*Ref=([A-Za-z0-9]+).*", "$1");
        }
        if (text.contains(media) && text.contains("/input/live/*")) {
            return "input/live/*";
        }
        if (text.contains(media + ", Arn") || text.contains(media + ",Arn") || text.contains("[" + media)) {
            return text.matches(".*/(input|output|download)/\\*.*")
                    ? text.replaceAll(".*/(input|output|download)/\\*.*", "$1/*")
                    : "bucket";
        }
        if (text.contains(":jobs/*")) {
            return "jobs/*";
        }
        if (resource instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt) {
            return String.valueOf(getAtt.get(0));
        }
        return Stream.of(text).findFirst().orElseThrow();
    }
}
