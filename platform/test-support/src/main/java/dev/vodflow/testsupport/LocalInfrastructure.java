package dev.vodflow.testsupport;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalEnvironment;
import dev.vodflow.localaws.LocalWorld;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
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
 * stopped when the JVM exits: the {@link LocalWorld} the dev stack runs in too (Kafka, PostgreSQL, S3 with
 * notifications, SQS, and on first use the emulators and SES).
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

    private ContainerInfrastructure containers;

    /** The queue the local SES posts simulator bounces and complaints to, SNS-wrapped, as production's SNS does. */
    public static final String SES_FEEDBACK_QUEUE = LocalWorld.SES_FEEDBACK_QUEUE;

    /** Names this JVM's databases, e.g. {@code catalog_t12345}. */
    private static final String RUN = "t" + ProcessHandle.current().pid();

    private final LocalWorld world;
    private final Path dataDirectory;
    private final Set<String> databases = new HashSet<>();

    private LocalInfrastructure(LocalWorld world, Path dataDirectory) {
        this.world = world;
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
        LocalWorld world;
        try {
            // Short waits, so that tests see progress and reconnections within seconds.
            world = LocalWorld.start(
                    LocalWorld.Settings.of(containers == null ? settings : containers.applyTo(settings))
                            .withStatusUpdateInterval(Duration.ofSeconds(1))
                            .withLiveGracePeriod(Duration.ofSeconds(3)));
        } catch (RuntimeException e) {
            if (containers != null) {
                containers.close();
            }
            throw e;
        }
        LocalInfrastructure infrastructure = new LocalInfrastructure(world, data);
        infrastructure.containers = containers;
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "vodflow-test-infrastructure-stop"));
        return infrastructure;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private void stop() {
        synchronized (databases) {
            databases.forEach(world.environment().postgres()::dropDatabase);
        }
        world.close();
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
     * Hands the infrastructure to a Spring test: what {@link LocalWorld#serviceProperties} lists (Kafka, the
     * service's database, the AWS endpoints under {@code vodflow.aws.*}, the emulators, each started only if the
     * service reads it) and the test token issuer.
     */
    public void registerProperties(DynamicPropertyRegistry registry, String database) {
        world.serviceProperties(() -> jdbcUrl(database)).forEach((name, value) -> registry.add(name, value::get));
        TestJwts.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * The MediaLive emulator, started on first use: its RTMP port takes publishes for the channels made through its
     * API and writes their HLS output and recordings to this S3. A publisher that drops is waited for 3 s.
     */
    public MediaLiveEmulator mediaLive() {
        return world.mediaLive();
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
    public MediaConvertEmulator mediaConvert() {
        return world.mediaConvert();
    }

    /**
     * The local SES v2 stand-in, started on first use: mail sent through it lands in its mailbox over SMTP, and mail to
     * the simulator's bounce and complaint addresses posts feedback to {@link #SES_FEEDBACK_QUEUE}.
     */
    public LocalSes ses() {
        return world.ses();
    }

    public String kafkaBootstrapServers() {
        return world.environment().kafkaBootstrapServers();
    }

    /**
     * The JDBC URL of this test JVM's own copy of {@code database}: empty when first asked for, dropped when the
     * JVM exits. Two builds on one machine share its PostgreSQL server; private names keep their tests apart.
     */
    public String jdbcUrl(String database) {
        String name = databaseName(database);
        synchronized (databases) {
            if (databases.add(name)) {
                world.environment().postgres().dropDatabase(name);
            }
        }
        return world.environment().postgres().jdbcUrl(name);
    }

    /** Like {@link #jdbcUrl}, but dropped first on every call: each test that asks starts from an empty database. */
    public String emptyJdbcUrl(String database) {
        String name = databaseName(database);
        synchronized (databases) {
            databases.add(name);
            world.environment().postgres().dropDatabase(name);
        }
        return world.environment().postgres().jdbcUrl(name);
    }

    /** The server's name for this JVM's copy of {@code database}, for tests that administer it with SQL. */
    public String databaseName(String database) {
        return database + "_" + RUN;
    }

    /** The server's maintenance database ({@code postgres}), to run administrative statements from. */
    public String adminJdbcUrl() {
        return world.environment().postgres().jdbcUrl("postgres");
    }

    public String postgresUser() {
        return world.environment().postgres().user();
    }

    public String postgresPassword() {
        return world.environment().postgres().password();
    }

    public URI s3Endpoint() {
        return world.environment().s3Endpoint();
    }

    public URI sqsEndpoint() {
        return world.environment().sqsEndpoint();
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
        return world.environment().sqs().queueUrl(name);
    }

    public S3Client s3() {
        return world.environment().s3().client();
    }

    public SqsClient sqs() {
        return world.environment().sqs().client();
    }

    /**
     * Starts a local CloudFront edge on a free port, serving this infrastructure's bucket to holders of cookies or
     * URLs signed with a key of {@code keyGroup}. Each test chooses its own keys, so the caller closes the edge.
     */
    public CloudFrontEdge startCloudFrontEdge(Map<String, PublicKey> keyGroup, Set<String> allowedOrigins) {
        return world.startCloudFrontEdge(0, keyGroup, allowedOrigins);
    }

    /** The running environment, for tests that need more than the getters give. */
    public LocalEnvironment environment() {
        return world.environment();
    }

    /** The whole local world (emulators, SES, edges), for tests that need more than the getters give. */
    public LocalWorld world() {
        return world;
    }
}
