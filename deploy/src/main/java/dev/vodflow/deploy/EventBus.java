package dev.vodflow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.msk.CfnCluster;
import software.amazon.awscdk.services.msk.CfnConfiguration;
import software.constructs.Construct;

/**
 * Kafka as Amazon MSK: TLS between clients and brokers and inside the cluster, IAM authentication, three brokers in
 * three zones. There is no CloudFormation resource for topics; each service creates the topics it owns (and its
 * dead-letter topics) at start from {@code dev.vodflow.events.Topics.ALL}, so the cluster configuration only sets the
 * production defaults those declarations leave to the broker, and IAM decides who may create, write and read what.
 */
final class EventBus extends Construct {

    /** Production's durability: every write reaches two of three replicas before it is acknowledged. */
    static final int REPLICATION_FACTOR = 3;

    static final int MIN_INSYNC_REPLICAS = 2;
    static final int BROKERS = 3;

    /**
     * Topic defaults of the cluster. Auto-creation is off so that a typo never makes a topic with the wrong
     * retention; a topic declared without a retention keeps its records for ever, as replay needs.
     */
    static final String SERVER_PROPERTIES = String.join(
            "\n",
            "auto.create.topics.enable=false",
            "default.replication.factor=" + REPLICATION_FACTOR,
            "min.insync.replicas=" + MIN_INSYNC_REPLICAS,
            "num.partitions=" + dev.vodflow.events.Topics.PARTITIONS,
            "log.retention.ms=-1",
            "unclean.leader.election.enable=false",
            "");

    record Props(IVpc vpc, String brokerInstanceType) {}

    private final CfnCluster cluster;
    private final SecurityGroup securityGroup;
    private final String bootstrapServers;

    EventBus(Construct scope, String id, Props props) {
        super(scope, id);
        securityGroup = SecurityGroup.Builder.create(this, "Brokers")
                .vpc(props.vpc())
                .description("MSK brokers: reachable from the services only")
                .allowAllOutbound(false)
                .build();
        CfnConfiguration configuration = CfnConfiguration.Builder.create(this, "Configuration")
                .name(Fn.join("-", List.of(Aws.STACK_NAME, "events")))
                .serverProperties(SERVER_PROPERTIES)
                .build();
        LogGroup brokerLogs = LogGroup.Builder.create(this, "BrokerLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        List<String> subnets = props.vpc()
                .selectSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .getSubnetIds();
        cluster = CfnCluster.Builder.create(this, "Cluster")
                .clusterName(Fn.join("-", List.of(Aws.STACK_NAME, "events")))
                .kafkaVersion("3.8.x")
                .numberOfBrokerNodes(BROKERS)
                .brokerNodeGroupInfo(CfnCluster.BrokerNodeGroupInfoProperty.builder()
                        .instanceType(props.brokerInstanceType())
                        .clientSubnets(subnets)
                        .securityGroups(List.of(securityGroup.getSecurityGroupId()))
                        .storageInfo(CfnCluster.StorageInfoProperty.builder()
                                .ebsStorageInfo(CfnCluster.EBSStorageInfoProperty.builder()
                                        .volumeSize(100)
                                        .build())
                                .build())
                        .build())
                .clientAuthentication(CfnCluster.ClientAuthenticationProperty.builder()
                        .sasl(CfnCluster.SaslProperty.builder()
                                .iam(CfnCluster.IamProperty.builder()
                                        .enabled(true)
                                        .build())
                                .build())
                        .unauthenticated(CfnCluster.UnauthenticatedProperty.builder()
                                .enabled(false)
                                .build())
                        .build())
                .encryptionInfo(CfnCluster.EncryptionInfoProperty.builder()
                        .encryptionInTransit(CfnCluster.EncryptionInTransitProperty.builder()
                                .clientBroker("TLS")
                                .inCluster(true)
                                .build())
                        .build())
                .configurationInfo(CfnCluster.ConfigurationInfoProperty.builder()
                        .arn(configuration.getAttrArn())
                        .revision(1)
                        .build())
                .loggingInfo(CfnCluster.LoggingInfoProperty.builder()
                        .brokerLogs(CfnCluster.BrokerLogsProperty.builder()
                                .cloudWatchLogs(CfnCluster.CloudWatchLogsProperty.builder()
                                        .enabled(true)
                                        .logGroup(brokerLogs.getLogGroupName())
                                        .build())
                                .build())
                        .build())
                .enhancedMonitoring("PER_TOPIC_PER_PARTITION")
                .build();

        // CloudFormation does not return the bootstrap brokers; ask MSK once the cluster exists.
        AwsCustomResource brokers = AwsCustomResource.Builder.create(this, "BootstrapBrokers")
                .onUpdate(AwsSdkCall.builder()
                        .service("Kafka")
                        .action("getBootstrapBrokers")
                        .parameters(Map.of("ClusterArn", cluster.getAttrArn()))
                        .physicalResourceId(PhysicalResourceId.of(cluster.getAttrArn()))
                        .outputPaths(List.of("BootstrapBrokerStringSaslIam"))
                        .build())
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(List.of(cluster.getAttrArn()))
                        .build()))
                .installLatestAwsSdk(false)
                .build();
        bootstrapServers = brokers.getResponseField("BootstrapBrokerStringSaslIam");
    }

    /** Lets {@code peer} reach the brokers on the IAM/TLS listener. */
    void allowFrom(software.amazon.awscdk.services.ec2.IConnectable peer) {
        securityGroup.getConnections().allowFrom(peer, Port.tcp(9098), "Kafka over TLS with IAM");
    }

    /**
     * What one service's principal may do: connect; create and write the topics it owns and its dead-letter topics;
     * read the topics it consumes (and, for the dead-letter watcher, every dead-letter topic); use its own consumer
     * groups. Nothing else.
     */
    void grant(ServiceSpec service, IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("KafkaConnect")
                .actions(List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"))
                .resources(List.of(cluster.getAttrArn()))
                .build());
        List<String> written = new ArrayList<>(service.ownedTopics());
        written.addAll(service.deadLetterTopics());
        if (!written.isEmpty()) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("KafkaWriteIdempotently")
                    .actions(List.of("kafka-cluster:WriteDataIdempotently"))
                    .resources(List.of(cluster.getAttrArn()))
                    .build());
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("KafkaWriteOwnedTopics")
                    .actions(List.of(
                            "kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"))
                    .resources(written.stream().map(this::topicArn).toList())
                    .build());
        }
        if (!service.readTopics().isEmpty()) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("KafkaReadConsumedTopics")
                    .actions(List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"))
                    .resources(service.readTopics().stream().map(this::topicArn).toList())
                    .build());
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("KafkaOwnConsumerGroups")
                    .actions(List.of("kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"))
                    .resources(service.consumerGroups().stream()
                            .map(group -> arn("group", group))
                            .toList())
                    .build());
        }
    }

    /** {@code arn:...:topic/<cluster name>/<cluster uuid>/<topic>}, built from the cluster's own ARN. */
    String topicArn(String topic) {
        return arn("topic", topic);
    }

    private String arn(String kind, String name) {
        // cluster ARN: arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>
        List<String> parts = Fn.split("/", cluster.getAttrArn());
        return Fn.join(
                "",
                List.of(
                        "arn:",
                        Aws.PARTITION,
                        ":kafka:",
                        Aws.REGION,
                        ":",
                        Aws.ACCOUNT_ID,
                        ":" + kind + "/",
                        Fn.select(1, parts),
                        "/",
                        Fn.select(2, parts),
                        "/",
                        name));
    }

    CfnCluster cluster() {
        return cluster;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }
}
