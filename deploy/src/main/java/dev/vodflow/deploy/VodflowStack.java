package dev.vodflow.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The whole vodflow footprint in one stack. Deployment-specific values are CloudFormation parameters, so one
 * synthesised template serves every account; see {@code deploy/README.md} for each.
 */
public final class VodflowStack extends Stack {

    /** The settings every service shares. */
    static final String PROBES_ENABLED = "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED";

    /** notification-service's {@code vodflow.notification.email.*} settings as environment variables. */
    static final String EMAIL = "VODFLOW_NOTIFICATION_EMAIL_";

    private final Parameters parameters;
    private final Vpc vpc;
    private final MediaBucket bucket;
    private final PipelineQueues queues;
    private final Transcoding transcoding;
    private final LiveEncoding live;
    private final Email email;
    private final EventBus eventBus;
    private final Databases databases;
    private final Services services;
    private final FrontDoor frontDoor;
    private final PlaybackCdn cdn;
    private final Alarms alarms;

    public VodflowStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        parameters = new Parameters(this);
        vpc = Vpc.Builder.create(this, "Network")
                .maxAzs(3)
                // One NAT gateway: the services' egress (AWS APIs, webhooks) is small; a zone outage only delays it.
                .natGateways(1)
                .subnetConfiguration(List.of(
                        subnet("public", SubnetType.PUBLIC),
                        subnet("services", SubnetType.PRIVATE_WITH_EGRESS),
                        subnet("data", SubnetType.PRIVATE_ISOLATED)))
                .flowLogs(Map.of(
                        "all",
                        FlowLogOptions.builder()
                                .destination(FlowLogDestination.toCloudWatchLogs())
                                .build()))
                .build();

        bucket = new MediaBucket(this, "Storage", new MediaBucket.Props(parameters.webOrigin.getValueAsString()));
        queues = new PipelineQueues(this, "Queues", new PipelineQueues.Props(bucket.media(), Duration.seconds(60)));
        transcoding = new Transcoding(this, "Transcoding", new Transcoding.Props(bucket.media(), queues.jobEvents()));
        live = new LiveEncoding(
                this, "Live", new LiveEncoding.Props(bucket.media(), parameters.liveIngestCidr.getValueAsString()));
        email = new Email(this, "Email", new Email.Props(parameters.emailDomain.getValueAsString()));
        eventBus =
                new EventBus(this, "Events", new EventBus.Props(vpc, parameters.brokerInstanceType.getValueAsString()));
        databases = new Databases(this, "Databases", new Databases.Props(vpc, ServiceSpecs.ALL));
        services = new Services(this, "Services", new Services.Props(vpc, bucket.logs()));
        for (ServiceSpec spec : ServiceSpecs.ALL) {
            deploy(spec);
        }
        frontDoor = new FrontDoor(
                this,
                "FrontDoor",
                new FrontDoor.Props(
                        vpc,
                        services,
                        ServiceSpecs.ALL,
                        parameters.jwtIssuer.getValueAsString(),
                        parameters.jwtAudience.getValueAsString(),
                        parameters.webOrigin.getValueAsString()));
        cdn = new PlaybackCdn(
                this,
                "Cdn",
                new PlaybackCdn.Props(
                        bucket.media(),
                        bucket.logs(),
                        parameters.webOrigin.getValueAsString(),
                        List.of(
                                parameters.signingKeyA.publicKey().getValueAsString(),
                                parameters.signingKeyB.publicKey().getValueAsString()),
                        frontDoor.endpoint()));
        configurePlayback();
        configureEmailLinks();

        alarms = new Alarms(this, "Alarms");
        alarms.deadLettersNotEmpty(queues.deadLetterQueues(), "Queues");
        alarms.deadLettersNotEmpty("TranscodingRuleDlq", transcoding.ruleDeadLetters());
        alarms.deadLettersNotEmpty("EmailFeedbackDlq", email.feedbackDeadLetters());
        alarmOnLiveEncoding();

        CfnOutput.Builder.create(this, "CdnUrl")
                .description("Base URL of the CDN; the API is under /api")
                .value(cdn.baseUrl())
                .build();
        CfnOutput.Builder.create(this, "MediaBucketName")
                .value(bucket.media().getBucketName())
                .build();
        CfnOutput.Builder.create(this, "AlarmTopicArn")
                .description("Subscribe operators here")
                .value(alarms.topic().getTopicArn())
                .build();
        for (int i = 0; i < email.identity().getDkimRecords().size(); i++) {
            var record = email.identity().getDkimRecords().get(i);
            CfnOutput.Builder.create(this, "EmailDkimRecord" + (i + 1))
                    .description("Add this CNAME to the EmailDomain's DNS zone so SES verifies the domain")
                    .value(Fn.join(" CNAME ", List.of(record.getName(), record.getValue())))
                    .build();
        }
    }

    private static SubnetConfiguration subnet(String name, SubnetType type) {
        return SubnetConfiguration.builder()
                .name(name)
                .subnetType(type)
                .cidrMask(22)
                .build();
    }

    /**
     * Environment-agnostic stacks would otherwise get two placeholder zones; MSK's three brokers (replication factor
     * 3) want one zone each.
     */
    @Override
    public List<String> getAvailabilityZones() {
        return List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs()), Fn.select(2, Fn.getAzs()));
    }

    private void deploy(ServiceSpec spec) {
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        environment.put(PROBES_ENABLED, "true");
        environment.put("VODFLOW_AWS_REGION", Aws.REGION);
        // platform/security: every service refuses to start without these three
        environment.put("VODFLOW_SECURITY_ISSUER", parameters.jwtIssuer.getValueAsString());
        environment.put("VODFLOW_SECURITY_AUDIENCE", parameters.jwtAudience.getValueAsString());
        environment.put("VODFLOW_SECURITY_JWKSETURI", parameters.jwtJwkSetUri.getValueAsString());
        environment.put("SPRING_DATASOURCE_URL", databases.jdbcUrl(spec));
        secrets.put("SPRING_DATASOURCE_USERNAME", Secret.fromSecretsManager(databases.secret(), "username"));
        secrets.put("SPRING_DATASOURCE_PASSWORD", Secret.fromSecretsManager(databases.secret(), "password"));
        environment.putAll(KafkaClient.environment(eventBus.bootstrapServers()));
        environment.putAll(serviceEnvironment(spec));
        if (spec == ServiceSpecs.NOTIFICATION) {
            secrets.put(EMAIL + "UNSUBSCRIBESECRET", Secret.fromSecretsManager(email.unsubscribeKey()));
        }

        Services.Deployed deployed = services.add(spec, parameters.image(spec), environment, secrets);
        eventBus.grant(spec, deployed.taskRole());
        eventBus.allowFrom(deployed.service());
        databases.allowFrom(deployed.service());
        grantAws(spec, deployed.taskRole());
    }

    /** The settings that bind one service to the resources of this stack. */
    private Map<String, String> serviceEnvironment(ServiceSpec spec) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (spec == ServiceSpecs.UPLOAD) {
            environment.put("VODFLOW_AWS_S3_BUCKET", bucket.media().getBucketName());
            environment.put("VODFLOW_AWS_SQS_S3EVENTSQUEUEURL", queues.uploads().getQueueUrl());
        } else if (spec == ServiceSpecs.TRANSCODE) {
            environment.put("VODFLOW_AWS_S3_BUCKET", bucket.media().getBucketName());
            environment.put(
                    "VODFLOW_AWS_SQS_MEDIACONVERTEVENTSQUEUEURL",
                    queues.jobEvents().getQueueUrl());
            environment.put(
                    "VODFLOW_TRANSCODE_MEDIACONVERT_ROLEARN", transcoding.role().getRoleArn());
            environment.put(
                    "VODFLOW_TRANSCODE_MEDIACONVERT_QUEUE", transcoding.queue().getAttrArn());
        } else if (spec == ServiceSpecs.CATALOG) {
            environment.put("VODFLOW_AWS_S3_BUCKET", bucket.media().getBucketName());
            environment.put("VODFLOW_CATALOG_KAFKA_REPLICATIONFACTOR", String.valueOf(EventBus.REPLICATION_FACTOR));
        } else if (spec == ServiceSpecs.LIVE) {
            environment.put("VODFLOW_AWS_S3_BUCKET", bucket.media().getBucketName());
            environment.put("VODFLOW_MEDIALIVE_ROLE_ARN", live.role().getRoleArn());
            environment.put(
                    "VODFLOW_MEDIALIVE_INPUT_SECURITY_GROUP",
                    live.inputSecurityGroup().getRef());
        } else if (spec == ServiceSpecs.NOTIFICATION) {
            environment.put(EMAIL + "ENABLED", "true");
            environment.put(EMAIL + "FROM", email.sender());
            environment.put(EMAIL + "CONFIGURATIONSET", email.configurationSet().getConfigurationSetName());
            environment.put(EMAIL + "OPERATORS", parameters.emailOperators.getValueAsString());
            environment.put(
                    EMAIL + "VIDEOPAGEURL",
                    Fn.join("", List.of(parameters.webOrigin.getValueAsString(), "/?video={videoId}")));
            environment.put(EMAIL + "FEEDBACKQUEUEURL", email.feedback().getQueueUrl());
        }
        return environment;
    }

    /** Each service's AWS permissions: exactly the calls its code makes, on exactly its resources. */
    private void grantAws(ServiceSpec spec, Role role) {
        var media = bucket.media();
        if (spec == ServiceSpecs.UPLOAD) {
            role.addToPolicy(statement(
                    "UploadSources",
                    List.of(
                            "s3:PutObject",
                            "s3:GetObject",
                            "s3:DeleteObject",
                            "s3:AbortMultipartUpload",
                            "s3:ListMultipartUploadParts"),
                    media.arnForObjects(MediaBucket.INPUT_PREFIX + "*")));
            role.addToPolicy(statement(
                    "ReadUploadNotifications",
                    List.of(
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility",
                            "sqs:GetQueueAttributes"),
                    queues.uploads().getQueueArn()));
        } else if (spec == ServiceSpecs.TRANSCODE) {
            role.addToPolicy(objects(
                    media,
                    "ProbeSourcesReadManifests",
                    "s3:GetObject",
                    MediaBucket.INPUT_PREFIX,
                    MediaBucket.OUTPUT_PREFIX));
            // The completion report lists a finished job's outputs; a deleted video's outputs are removed.
            role.addToPolicy(listing(media, MediaBucket.OUTPUT_PREFIX, MediaBucket.DOWNLOAD_PREFIX));
            role.addToPolicy(objects(
                    media,
                    "RemoveDeletedVideosOutputs",
                    "s3:DeleteObject",
                    MediaBucket.OUTPUT_PREFIX,
                    MediaBucket.DOWNLOAD_PREFIX));
            role.addToPolicy(statement(
                    "SubmitJobs",
                    List.of("mediaconvert:CreateJob", "mediaconvert:ListJobs"),
                    transcoding.queue().getAttrArn()));
            role.addToPolicy(statement(
                    "FollowJobs",
                    List.of("mediaconvert:GetJob", "mediaconvert:CancelJob"),
                    Fn.sub("arn:${AWS::Partition}:mediaconvert:${AWS::Region}:${AWS::AccountId}:jobs/*")));
            role.addToPolicy(new PolicyStatement(software.amazon.awscdk.services.iam.PolicyStatementProps.builder()
                    .sid("PassJobRoleToMediaConvert")
                    .actions(List.of("iam:PassRole"))
                    .resources(List.of(transcoding.role().getRoleArn()))
                    .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "mediaconvert.amazonaws.com")))
                    .build()));
            role.addToPolicy(statement(
                    "ReadJobEvents",
                    List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                    queues.jobEvents().getQueueArn()));
        } else if (spec == ServiceSpecs.CATALOG) {
            role.addToPolicy(objects(
                    media,
                    "DeleteVideoFiles",
                    "s3:DeleteObject",
                    MediaBucket.INPUT_PREFIX,
                    MediaBucket.OUTPUT_PREFIX,
                    MediaBucket.DOWNLOAD_PREFIX));
            // A deletion lists what lies under the video's prefixes before deleting it.
            role.addToPolicy(
                    listing(media, MediaBucket.INPUT_PREFIX, MediaBucket.OUTPUT_PREFIX, MediaBucket.DOWNLOAD_PREFIX));
        } else if (spec == ServiceSpecs.LIVE) {
            // exactly the MediaLive calls MediaLiveEncoder makes, on this account's channels and inputs
            role.addToPolicy(new PolicyStatement(software.amazon.awscdk.services.iam.PolicyStatementProps.builder()
                    .sid("DriveLiveChannels")
                    .actions(List.of(
                            "medialive:CreateInput",
                            "medialive:UpdateInput",
                            "medialive:DeleteInput",
                            "medialive:CreateChannel",
                            "medialive:UpdateChannel",
                            "medialive:DescribeChannel",
                            "medialive:StartChannel",
                            "medialive:StopChannel",
                            "medialive:DeleteChannel"))
                    .resources(List.of(
                            Fn.sub("arn:${AWS::Partition}:medialive:${AWS::Region}:${AWS::AccountId}:channel:*"),
                            Fn.sub("arn:${AWS::Partition}:medialive:${AWS::Region}:${AWS::AccountId}:input:*"),
                            Fn.sub(
                                    "arn:${AWS::Partition}:medialive:${AWS::Region}:${AWS::AccountId}:"
                                            + "inputSecurityGroup:${SG}",
                                    Map.of("SG", live.inputSecurityGroup().getRef()))))
                    .build()));
            role.addToPolicy(new PolicyStatement(software.amazon.awscdk.services.iam.PolicyStatementProps.builder()
                    .sid("PassChannelRoleToMediaLive")
                    .actions(List.of("iam:PassRole"))
                    .resources(List.of(live.role().getRoleArn()))
                    .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "medialive.amazonaws.com")))
                    .build()));
            role.addToPolicy(statement(
                    "SeeRecordings",
                    List.of("s3:GetObject"),
                    media.arnForObjects(LiveEncoding.RECORDING_PREFIX + "*")));
        }
        if (spec == ServiceSpecs.NOTIFICATION) {
            // SES and the feedback queue only: no S3 at all
            role.addToPolicy(email.sendStatement());
            role.addToPolicy(email.readFeedbackStatement());
        }
        // playback-service: its signing keys, granted by ECS through the execution role when it injects them (see
        // configurePlayback).
    }

    /** One S3 object action on the media bucket's objects under the given prefixes. */
    private static PolicyStatement objects(
            software.amazon.awscdk.services.s3.IBucket media, String sid, String action, String... prefixes) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(List.of(action))
                .resources(java.util.Arrays.stream(prefixes)
                        .map(prefix -> media.arnForObjects(prefix + "*"))
                        .toList())
                .build();
    }

    /**
     * ListObjectsV2 on the media bucket, under the given prefixes only (S3 checks {@code s3:ListBucket} on the
     * bucket, with the request's prefix as {@code s3:prefix}).
     */
    private static PolicyStatement listing(software.amazon.awscdk.services.s3.IBucket media, String... prefixes) {
        return PolicyStatement.Builder.create()
                .sid("ListVideoFiles")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(media.getBucketArn()))
                .conditions(Map.of(
                        "StringLike",
                        Map.of(
                                "s3:prefix",
                                java.util.Arrays.stream(prefixes)
                                        .map(prefix -> prefix + "*")
                                        .toList())))
                .build();
    }

    private static PolicyStatement statement(String sid, List<String> actions, String resource) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(List.of(resource))
                .build();
    }

    /**
     * playback-service signs with one of two key pairs whose public keys form the distribution's key group; which one
     * is a parameter, so rotation is: replace the inactive pair, deploy, switch, deploy.
     */
    private void configurePlayback() {
        var container = services.get(ServiceSpecs.PLAYBACK).container();
        container.addEnvironment("VODFLOW_PLAYBACK_CDNBASEURL", cdn.baseUrl());
        CfnCondition activeIsA = CfnCondition.Builder.create(this, "SigningKeyAActive")
                .expression(Fn.conditionEquals(parameters.activeSigningKey.getValueAsString(), "A"))
                .build();
        String idA = cdn.publicKeys().get(0).getPublicKeyId();
        String idB = cdn.publicKeys().get(1).getPublicKeyId();
        container.addEnvironment(
                "VODFLOW_PLAYBACK_SIGNING_ACTIVEKEYID",
                Token.asString(Fn.conditionIf(activeIsA.getLogicalId(), idA, idB)));
        List<Parameters.SigningKey> keys = List.of(parameters.signingKeyA, parameters.signingKeyB);
        List<String> ids = List.of(idA, idB);
        for (int i = 0; i < keys.size(); i++) {
            ISecret secret = keys.get(i).privateKey(this);
            container.addEnvironment("VODFLOW_PLAYBACK_SIGNING_KEYS_" + i + "_ID", ids.get(i));
            container.addSecret(
                    "VODFLOW_PLAYBACK_SIGNING_KEYS_" + i + "_PRIVATEKEYPEM", Secret.fromSecretsManager(secret));
        }
    }

    /**
     * The absolute links every mail carries, on the CDN's host: the unsubscribe page (routed without a login, the
     * token it carries says who) and the posters (served without cookies, which mail clients do not have).
     */
    private void configureEmailLinks() {
        var container = services.get(ServiceSpecs.NOTIFICATION).container();
        container.addEnvironment(EMAIL + "POSTERBASEURL", cdn.baseUrl());
        container.addEnvironment(
                EMAIL + "UNSUBSCRIBEURL", Fn.join("", List.of(cdn.baseUrl(), "/api/email/unsubscribe")));
    }

    /**
     * A live channel's two pipelines hide a failure from viewers, so nobody would notice one: alarm on any MediaLive
     * alert (pipeline failure, input loss), on input loss itself and on failed writes of the HLS output, whose result
     * is a stale manifest on that pipeline's origin.
     */
    private void alarmOnLiveEncoding() {
        String perPipeline = "ChannelId, Pipeline";
        alarms.liveEncoding(
                "LiveActiveAlerts",
                "ActiveAlerts",
                perPipeline,
                "MAX",
                0,
                "A MediaLive channel pipeline has an active alert (pipeline failure, input loss, output failure):"
                        + " viewers are on the other pipeline or stalled. See the channel's alerts in MediaLive");
        alarms.liveEncoding(
                "LiveInputLoss",
                "InputLossSeconds",
                perPipeline,
                "MAX",
                5,
                "A MediaLive pipeline lost its input for more than 5 s in a minute: the encoder stopped pushing to"
                        + " that pipeline's ingest URL");
        alarms.liveEncoding(
                "LiveOutputErrors",
                "Output5xxErrors",
                "ChannelId, OutputGroupName, Pipeline",
                "SUM",
                0,
                "MediaLive could not write live segments or playlists to S3: that pipeline's manifests go stale and"
                        + " viewers depend on the other one");
    }

    MediaBucket bucket() {
        return bucket;
    }

    PipelineQueues queues() {
        return queues;
    }

    LiveEncoding live() {
        return live;
    }

    Alarms alarms() {
        return alarms;
    }

    Email email() {
        return email;
    }

    Transcoding transcoding() {
        return transcoding;
    }

    EventBus eventBus() {
        return eventBus;
    }

    Databases databases() {
        return databases;
    }

    Services services() {
        return services;
    }

    FrontDoor frontDoor() {
        return frontDoor;
    }

    PlaybackCdn cdn() {
        return cdn;
    }

    Vpc vpc() {
        return vpc;
    }
}
