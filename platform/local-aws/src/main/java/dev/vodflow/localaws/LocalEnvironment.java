package dev.vodflow.localaws;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything vodflow's services need from the outside, started locally and wired as production is: Kafka,
 * PostgreSQL, SQS with the system's queues and their dead-letter queues, and S3 with the media bucket
 * whose {@code input/} prefix notifies the {@code s3-events} queue.
 */
public final class LocalEnvironment implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalEnvironment.class);

    public static final String BUCKET = "vodflow-media";
    public static final String INPUT_PREFIX = "input/";
    public static final String S3_EVENTS_QUEUE = "s3-events";
    public static final String MEDIACONVERT_EVENTS_QUEUE = "mediaconvert-events";
    public static final int MAX_RECEIVE_COUNT = 3;

    /**
     * @param dataDirectory kept between runs: Kafka logs, S3 objects, SQS queues and messages, an embedded PostgreSQL's data
     * @param postgresUrl a server to use ({@code jdbc:postgresql://host:port/}), or {@code null} to look on
     *     localhost and else embed one
     * @param kafkaPort 0 for any, as every port here
     * @param corsOrigins browser origins allowed to use S3 directly (presigned uploads from a web page)
     * @param kafkaBootstrapServers a broker to use instead of starting one (for example a container), or
     *     {@code null} to start the local broker
     */
    public record Settings(
            Path dataDirectory,
            String postgresUrl,
            String postgresUser,
            String postgresPassword,
            int kafkaPort,
            int s3Port,
            int sqsPort,
            Duration queueVisibilityTimeout,
            List<String> corsOrigins,
            String kafkaBootstrapServers) {

        /** Settings that start the local broker. */
        public Settings(
                Path dataDirectory,
                String postgresUrl,
                String postgresUser,
                String postgresPassword,
                int kafkaPort,
                int s3Port,
                int sqsPort,
                Duration queueVisibilityTimeout,
                List<String> corsOrigins) {
            this(
                    dataDirectory,
                    postgresUrl,
                    postgresUser,
                    postgresPassword,
                    kafkaPort,
                    s3Port,
                    sqsPort,
                    queueVisibilityTimeout,
                    corsOrigins,
                    null);
        }

        public static Settings ephemeral(Path dataDirectory) {
            return new Settings(dataDirectory, null, null, null, 0, 0, 0, Duration.ofSeconds(30), List.of());
        }

        /** The same settings with a running broker to use instead of starting the local one. */
        public Settings withKafka(String bootstrapServers) {
            return with(postgresUrl, postgresUser, postgresPassword, bootstrapServers);
        }

        /** The same settings with a PostgreSQL server to use ({@code url} {@code null}: look on localhost, else embed). */
        public Settings withPostgres(String url, String user, String password) {
            return with(url, user, password, kafkaBootstrapServers);
        }

        /** The one copy: the servers to use as given, everything else as it is. */
        private Settings with(String postgresUrl, String postgresUser, String postgresPassword, String kafkaServers) {
            return new Settings(
                    dataDirectory,
                    postgresUrl,
                    postgresUser,
                    postgresPassword,
                    kafkaPort,
                    s3Port,
                    sqsPort,
                    queueVisibilityTimeout,
                    corsOrigins,
                    kafkaServers);
        }
    }

    private final List<AutoCloseable> started;
    private final String kafkaBootstrapServers;
    private final LocalKafka kafka;
    private final LocalPostgres postgres;
    private final LocalSqs sqs;
    private final LocalS3 s3;

    private LocalEnvironment(
            List<AutoCloseable> started,
            String kafkaBootstrapServers,
            LocalKafka kafka,
            LocalPostgres postgres,
            LocalSqs sqs,
            LocalS3 s3) {
        this.started = started;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.kafka = kafka;
        this.postgres = postgres;
        this.sqs = sqs;
        this.s3 = s3;
    }

    /** Starts the pieces in parallel; if one fails, those already started are stopped again. */
    public static LocalEnvironment start(Settings settings) {
        long startedAt = System.nanoTime();
        Path data = settings.dataDirectory().toAbsolutePath();
        List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<LocalKafka> kafka = settings.kafkaBootstrapServers() != null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(
                        () -> track(started, LocalKafka.start(data.resolve("kafka"), settings.kafkaPort())));
        CompletableFuture<LocalPostgres> postgres = CompletableFuture.supplyAsync(() -> track(
                started,
                LocalPostgres.start(
                        settings.postgresUrl(),
                        settings.postgresUser(),
                        settings.postgresPassword(),
                        data.resolve("postgres"))));
        CompletableFuture<LocalSqs> sqs = CompletableFuture.supplyAsync(() -> {
            LocalSqs queues = track(started, LocalSqs.start(settings.sqsPort(), data.resolve("sqs")));
            for (String queue : List.of(S3_EVENTS_QUEUE, MEDIACONVERT_EVENTS_QUEUE)) {
                queues.createQueueWithDeadLetterQueue(queue, MAX_RECEIVE_COUNT, settings.queueVisibilityTimeout());
            }
            return queues;
        });
        CompletableFuture<LocalS3> s3 = sqs.thenApply(queues -> {
            LocalS3 store = track(
                    started,
                    LocalS3.start(
                            new LocalS3.Config(data.resolve("s3"), settings.s3Port(), settings.corsOrigins()),
                            queues.client()));
            store.createBucket(BUCKET);
            store.notifyObjectCreated("vodflow-input", BUCKET, INPUT_PREFIX, queues.queueUrl(S3_EVENTS_QUEUE));
            return store;
        });
        try {
            CompletableFuture.allOf(kafka, postgres, s3).join();
        } catch (CompletionException e) {
            closeAll(started);
            throw new IllegalStateException(
                    "local environment did not start: " + e.getCause().getMessage(), e);
        }
        LocalKafka broker = kafka.join();
        LocalEnvironment environment = new LocalEnvironment(
                started,
                broker != null ? broker.bootstrapServers() : settings.kafkaBootstrapServers(),
                broker,
                postgres.join(),
                sqs.join(),
                s3.join());
        log.info(
                "Local environment up in {} ms: Kafka {}, PostgreSQL ({}), S3 {}, SQS {}",
                (System.nanoTime() - startedAt) / 1_000_000,
                environment.kafkaBootstrapServers,
                environment.postgres.source(),
                environment.s3.endpoint(),
                environment.sqs.endpoint());
        return environment;
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> started, T component) {
        started.add(component);
        return component;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** The broker started here, to stop and start it again (fault tests); empty when the settings named another. */
    public Optional<LocalKafka> kafka() {
        return Optional.ofNullable(kafka);
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public LocalS3 s3() {
        return s3;
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    /** Stops everything, S3 and SQS before the stores underneath, each even if another fails to stop. */
    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> started) {
        List<AutoCloseable> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (AutoCloseable component : reversed) {
            try {
                component.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly", component.getClass().getSimpleName(), e);
            }
        }
        started.clear();
    }
}
