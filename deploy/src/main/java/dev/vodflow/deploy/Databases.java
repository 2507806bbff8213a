package dev.vodflow.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.ProvisionedClusterInstanceProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * PostgreSQL as Aurora: a writer and a reader in another zone (the reader is the failover target), encrypted, in
 * isolated subnets, reachable only from the services, with its credentials in Secrets Manager. Each service gets its
 * own database, created through the RDS Data API so that no SQL client has to run inside the VPC.
 */
final class Databases extends Construct {

    static final int PORT = 5432;

    record Props(IVpc vpc, List<ServiceSpec> services) {}

    private final DatabaseCluster cluster;

    Databases(Construct scope, String id, Props props) {
        super(scope, id);
        cluster = DatabaseCluster.Builder.create(this, "Cluster")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_9)
                        .build()))
                .credentials(Credentials.fromGeneratedSecret("vodflow"))
                .writer(ClusterInstance.provisioned("Writer", instance()))
                .readers(List.of(ClusterInstance.provisioned("Reader", instance())))
                .vpc(props.vpc())
                .vpcSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .build())
                .port(PORT)
                .storageEncrypted(true)
                .iamAuthentication(true)
                .enableDataApi(true)
                .deletionProtection(true)
                .backup(BackupProps.builder().retention(Duration.days(7)).build())
                .cloudwatchLogsExports(List.of("postgresql"))
                .cloudwatchLogsRetention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();

        for (ServiceSpec service : props.services()) {
            createDatabase(service.database());
        }
    }

    private static ProvisionedClusterInstanceProps instance() {
        return ProvisionedClusterInstanceProps.builder()
                .instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.MEDIUM))
                .publiclyAccessible(false)
                .build();
    }

    private void createDatabase(String database) {
        AwsSdkCall create = AwsSdkCall.builder()
                .service("RDSDataService")
                .action("executeStatement")
                .parameters(Map.of(
                        "resourceArn",
                        cluster.getClusterArn(),
                        "secretArn",
                        cluster.getSecret().getSecretArn(),
                        "database",
                        "postgres",
                        // a constant from ServiceSpecs, never user input: identifiers cannot be bound parameters
                        "sql",
                        "CREATE DATABASE " + database))
                .physicalResourceId(PhysicalResourceId.of("database-" + database))
                .build();
        AwsCustomResource resource = AwsCustomResource.Builder.create(this, "Database-" + database)
                .onCreate(create)
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(List.of(cluster.getClusterArn()))
                        .build()))
                .installLatestAwsSdk(false)
                .build();
        cluster.getSecret().grantRead(resource);
        // The Data API answers only once the writer is up, not when the cluster resource is.
        resource.getNode().addDependency(cluster);
    }

    /** Lets {@code peer} open connections to PostgreSQL. */
    void allowFrom(IConnectable peer) {
        cluster.getConnections().allowDefaultPortFrom(peer, "PostgreSQL from a vodflow service");
    }

    /** The JDBC URL of one service's database. */
    String jdbcUrl(ServiceSpec service) {
        return "jdbc:postgresql://" + cluster.getClusterEndpoint().getSocketAddress() + "/" + service.database();
    }

    ISecret secret() {
        return cluster.getSecret();
    }

    DatabaseCluster cluster() {
        return cluster;
    }
}
