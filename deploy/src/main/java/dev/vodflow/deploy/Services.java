package dev.vodflow.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The services on ECS Fargate behind one internal load balancer, one listener per service on the service's own port
 * (as locally), health-checked on Actuator readiness. Each service has its own task role; what it may do is granted
 * by the stack, concern by concern.
 */
final class Services extends Construct {

    /** Readiness, not liveness: a task joins the load balancer only once its database and Kafka are reachable. */
    static final String HEALTH_PATH = "/actuator/health/readiness";

    record Props(IVpc vpc, IBucket logs) {}

    /** Where a service's image comes from: repository name and tag, both stack parameters (no Docker at synth). */
    record Image(String repository, String tag) {}

    /** One deployed service. */
    record Deployed(
            ServiceSpec spec,
            FargateService service,
            ContainerDefinition container,
            Role taskRole,
            ApplicationListener listener) {}

    private final Cluster cluster;
    private final ApplicationLoadBalancer loadBalancer;
    private final Map<ServiceSpec, Deployed> deployed = new LinkedHashMap<>();

    Services(Construct scope, String id, Props props) {
        super(scope, id);
        cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(props.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "Internal")
                .vpc(props.vpc())
                .internetFacing(false)
                .vpcSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .dropInvalidHeaderFields(true)
                .build();
        loadBalancer.logAccessLogs(props.logs(), "alb");
    }

    /**
     * Runs one service: two tasks in private subnets, logs to CloudWatch, its settings from {@code environment} and
     * {@code secrets} (Secrets Manager, injected by ECS at start).
     */
    Deployed add(ServiceSpec spec, Image image, Map<String, String> environment, Map<String, Secret> secrets) {
        Role taskRole = Role.Builder.create(this, spec.logicalId() + "TaskRole")
                .description(spec.name() + ": only the actions it uses")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, spec.logicalId() + "Task")
                .cpu(512)
                .memoryLimitMiB(1024)
                .taskRole(taskRole)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .build();
        LogGroup logs = LogGroup.Builder.create(this, spec.logicalId() + "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        ContainerDefinition container = task.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .containerName(spec.name())
                        .image(ContainerImage.fromEcrRepository(
                                Repository.fromRepositoryName(
                                        this, spec.logicalId() + "Repository", image.repository()),
                                image.tag()))
                        .environment(environment)
                        .secrets(secrets)
                        .portMappings(List.of(
                                PortMapping.builder().containerPort(spec.port()).build()))
                        .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs)
                                .streamPrefix(spec.name())
                                .build()))
                        .build());
        FargateService service = FargateService.Builder.create(this, spec.logicalId())
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(2)
                .assignPublicIp(false)
                .vpcSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .circuitBreaker(
                        DeploymentCircuitBreaker.builder().rollback(true).build())
                .minHealthyPercent(100)
                .healthCheckGracePeriod(Duration.minutes(3))
                .build();
        ApplicationListener listener = loadBalancer.addListener(
                spec.logicalId(),
                BaseApplicationListenerProps.builder()
                        .port(spec.port())
                        .protocol(ApplicationProtocol.HTTP)
                        .open(false)
                        .build());
        listener.addTargets(
                spec.logicalId(),
                AddApplicationTargetsProps.builder()
                        .port(spec.port())
                        .protocol(ApplicationProtocol.HTTP)
                        .targets(List.of(service))
                        .deregistrationDelay(Duration.seconds(30))
                        .healthCheck(HealthCheck.builder()
                                .path(HEALTH_PATH)
                                .healthyHttpCodes("200")
                                .interval(Duration.seconds(15))
                                .build())
                        .build());
        Deployed result = new Deployed(spec, service, container, taskRole, listener);
        deployed.put(spec, result);
        return result;
    }

    Deployed get(ServiceSpec spec) {
        Deployed result = deployed.get(spec);
        if (result == null) {
            throw new IllegalArgumentException(spec.name() + " is not deployed");
        }
        return result;
    }

    ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    Cluster cluster() {
        return cluster;
    }
}
