package dev.vodflow.testsupport;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalEnvironment;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.localaws.cloudfront.CloudFrontEdgeConfig;
import dev.vodflow.localaws.mediaconvert.MediaConvertEmulator;
import dev.vodflow.localaws.medialive.MediaLiveEmulator;
import dev.vodflow.localaws.ses.LocalSes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real infrastructure integration tests run against, started once per test JVM on first use and
 * stopped when the JVM exits: Kafka, PostgreSQL, S3 with notifications and SQS (see {@link LocalEnvironment}).
 *
 * <p>PostgreSQL: the server at {@code VODFLOW_POSTGRES_URL} (with {@code VODFLOW_POSTGRES_USER} and
 * {@code VODFLOW_POSTGRES_PASSWORD}) when set, else the one on 127.0.0.1:5432, else an embedded one.
 *
 * <p>Where a Docker API answers, or with {@code -Dvodflow.test.infrastructure=containers}, Kafka and PostgreSQL are
 * Testcontainers' instead ({@link InfrastructureChoice}, {@link ContainerInfrastructure}); the start log says which.
 */
public final class LocalInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private static volatile LocalInfrastructure instance;

    private final LocalEnvironment environment;
    private final Path dataDirectory;
    private ContainerInfrastructure containers;
    private MediaConvertEmulator mediaConvert;
    private MediaLiveEmulator mediaLive;
    private LocalSes ses;

    /** The queue the local SES posts simulator bounces and complaints to, SNS-wrapped, as production's SNS does. */
    public static final String SES_FEEDBACK_QUEUE = "ses-feedback";

    /** Names this JVM's databases, e.g. {@code catalog_t12345}. */
    private static final String RUN = "t" + ProcessHandle.current().pid();

    private final Set<String> databases = new HashSet<>();

    private LocalInfrastructure(LocalEnvironment environment, Path dataDirectory) {
        this.environment = environment;
        this.dataDirectory = dataDirectory;
    }

    public static LocalInfrastructure get() {
        LocalInfrastructure current = instance;
        if (current == null) {
            synchronized (LocalInfrastructure.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    private static LocalInfrastructure start() {
        Path data;
        try {
            data = Files.createTempDirectory("vodflow-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for the test infrastructure", e);
        }
        LocalEnvironment.Settings settings = LocalEnvironment.Settings.ephemeral(data)
                .withPostgres(
                        System.getenv("VODFLOW_POSTGRES_URL"),
                        envOr("VODFLOW_POSTGRES_USER", "postgres"),
                        envOr("VODFLOW_POSTGRES_PASSWORD", ""));
        InfrastructureChoice choice = InfrastructureChoice.resolve();
        log.info(
                "Test infrastructure: Kafka and PostgreSQL {} ({})",
                choice.kind() == InfrastructureChoice.Kind.CONTAINERS
                        ? "from Testcontainers"
                        : "from the local stand-ins",
                choice.reason());
        ContainerInfrastructure containers =
                choice.kind() == InfrastructureChoice.Kind.CONTAINERS ? ContainerInfrastructure.start() : null;
        LocalEnvironment environment;
        try {
            environment = LocalEnvironment.start(containers == null ? settings : containers.applyTo(settings));
        } catch (RuntimeException e) {
            if (containers != null) {
                containers.close();
            }
            throw e;
        }
        LocalInfrastructure infrastructure = new LocalInfrastructure(environment, data);
        infrastructure.containers = containers;
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "vodflow-test-infrastructure-stop"));
        return infrastructure;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private void stop() {
        synchronized (this) {
            if (mediaConvert != null) {
                mediaConvert.close();
            }
            if (mediaLive != null) {
                mediaLive.close();
            }
            if (ses != null) {
                ses.close();
            }
        }
        synchronized (databases) {
            databases.forEach(environment.postgres()::dropDatabase);
        }
        environment.close();
        if (containers != null) {
            containers.close();
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }

    /**
     * Hands the infrastructure to a Spring test: Kafka, the service's database, the test token issuer and the AWS
     * endpoints under {@code vodflow.aws.*}.
     */
    public void registerProperties(DynamicPropertyRegistry registry, String database) {
        registry.add("spring.kafka.bootstrap-servers", this::kafkaBootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", this::kafkaBootstrapServers);
        registry.add("spring.datasource.url", () -> jdbcUrl(database));
        registry.add("spring.datasource.username", this::postgresUser);
        registry.add("spring.datasource.password", this::postgresPassword);
        TestJwts.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("vodflow.aws.region", this::region);
        registry.add("vodflow.aws.access-key-id", this::accessKeyId);
        registry.add("vodflow.aws.secret-access-key", this::secretAccessKey);
        registry.add("vodflow.aws.s3.endpoint", () -> s3Endpoint().toString());
        registry.add("vodflow.aws.s3.bucket", this::bucket);
        registry.add("vodflow.aws.sqs.endpoint", () -> sqsEndpoint().toString());
        registry.add("vodflow.aws.sqs.s3-events-queue-url", () -> queueUrl(LocalEnvironment.S3_EVENTS_QUEUE));
        registry.add(
                "vodflow.aws.sqs.mediaconvert-events-queue-url",
                () -> queueUrl(LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE));
        registry.add("vodflow.aws.mediaconvert.endpoint", () -> mediaConvertEndpoint()
                .toString());
        // Read only by the orchestrator, so other services do not start the emulator for it.
        registry.add(
                "vodflow.transcode.probe.ffprobe",
                () -> mediaConvert().ffprobe().toString());
        registry.add(
                "vodflow.aws.medialive.endpoint", () -> mediaLive().endpoint().toString());
    }

    /**
     * The MediaLive emulator, started on first use: its RTMP port takes publishes for the channels made through its
     * API and writes their HLS output and recordings to this S3. A publisher that drops is waited for 3 s.
     */
    public synchronized MediaLiveEmulator mediaLive() {
        if (mediaLive == null) {
            mediaLive = MediaLiveEmulator.start(MediaLiveEmulator.Config.of(s3Endpoint())
                    .withWorkDirectory(dataDirectory.resolve("medialive"))
                    .withGracePeriod(Duration.ofSeconds(3)));
        }
        return mediaLive;
    }

    /**
     * The MediaConvert emulator's endpoint, started on first use: it reads and writes this S3 and posts job
     * state events to {@code mediaconvert-events}, with a STATUS_UPDATE every second so short test jobs show
     * progress.
     */
    public URI mediaConvertEndpoint() {
        return mediaConvert().endpoint();
    }

    /** The running MediaConvert emulator, for fault tests ({@code throttleShare}). */
    public synchronized MediaConvertEmulator mediaConvert() {
        if (mediaConvert == null) {
            mediaConvert = MediaConvertEmulator.start(MediaConvertEmulator.Config.of(
                            s3Endpoint(),
                            sqsEndpoint(),
                            queueUrl(LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE),
                            region(),
                            accessKeyId(),
                            secretAccessKey())
                    .withWorkDirectory(dataDirectory.resolve("mediaconvert"))
                    .withStatusUpdateInterval(Duration.ofSeconds(1)));
        }
        return mediaConvert;
    }

    /**
     * The local SES v2 stand-in, started on first use: mail sent through it lands in its mailbox over SMTP, and mail to
     * the simulator's bounce and complaint addresses posts feedback to {@link #SES_FEEDBACK_QUEUE}.
     */
    public synchronized LocalSes ses() {
        if (ses == null) {
            String feedback = environment
                    .sqs()
                    .createQueueWithDeadLetterQueue(
                            SES_FEEDBACK_QUEUE, LocalEnvironment.MAX_RECEIVE_COUNT, Duration.ofSeconds(30));
            ses = LocalSes.start(LocalSes.Config.ephemeral().withFeedbackQueue(sqsEndpoint(), feedback));
        }
        return ses;
    }

    public String kafkaBootstrapServers() {
        return environment.kafkaBootstrapServers();
    }

    /**
     * The JDBC URL of this test JVM's own copy of {@code database}: empty when first asked for, dropped when the
     * JVM exits. Two builds on one machine share its PostgreSQL server; private names keep their tests apart.
     */
    public String jdbcUrl(String database) {
        String name = databaseName(database);
        synchronized (databases) {
            if (databases.add(name)) {
                environment.postgres().dropDatabase(name);
            }
        }
        return environment.postgres().jdbcUrl(name);
    }

    /** The server's name for this JVM's copy of {@code database}, for tests that administer it with SQL. */
    public String databaseName(String database) {
        return database + "_" + RUN;
    }

    /** The server's maintenance database ({@code postgres}), to run administrative statements from. */
    public String adminJdbcUrl() {
        return environment.postgres().jdbcUrl("postgres");
    }

    public String postgresUser() {
        return environment.postgres().user();
    }

    public String postgresPassword() {
        return environment.postgres().password();
    }

    public URI s3Endpoint() {
        return environment.s3Endpoint();
    }

    public URI sqsEndpoint() {
        return environment.sqsEndpoint();
    }

    public String region() {
        return LocalAws.REGION;
    }

    public String accessKeyId() {
        return LocalAws.ACCESS_KEY_ID;
    }

    public String secretAccessKey() {
        return LocalAws.SECRET_ACCESS_KEY;
    }

    public String bucket() {
        return LocalEnvironment.BUCKET;
    }

    /** {@code s3-events}, {@code mediaconvert-events}, or either's {@code -dlq}. */
    public String queueUrl(String name) {
        return environment.sqs().queueUrl(name);
    }

    public S3Client s3() {
        return environment.s3().client();
    }

    public SqsClient sqs() {
        return environment.sqs().client();
    }

    /**
     * Starts a local CloudFront edge on a free port, serving this infrastructure's bucket to holders of cookies or
     * URLs signed with a key of {@code keyGroup}. Each test chooses its own keys, so the caller closes the edge.
     */
    public CloudFrontEdge startCloudFrontEdge(Map<String, PublicKey> keyGroup, Set<String> allowedOrigins) {
        return new CloudFrontEdge(new CloudFrontEdgeConfig(
                        0,
                        s3Endpoint(),
                        region(),
                        accessKeyId(),
                        secretAccessKey(),
                        bucket(),
                        keyGroup,
                        allowedOrigins))
                .start();
    }

    /** The running environment, for tests that need more than the getters give. */
    public LocalEnvironment environment() {
        return environment;
    }
}
