package dev.vodflow.testsupport;

import dev.vodflow.localaws.LocalEnvironment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and PostgreSQL for the tests from Testcontainers, on the images docker-compose.yml names (override with
 * {@code vodflow.test.kafka-image} and {@code vodflow.test.postgres-image}). The containers carry the label
 * {@value #LABEL}, are stopped when the test JVM exits, and do not need Ryuk (which may be disabled with
 * {@code TESTCONTAINERS_RYUK_DISABLED=true} where its image cannot be pulled): a JVM that is killed leaves them for
 * {@code docker rm -f $(docker ps -aq --filter label=dev.vodflow.test-infrastructure)}.
 */
final class ContainerInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContainerInfrastructure.class);

    static final String LABEL = "dev.vodflow.test-infrastructure";
    /** The images docker-compose.yml runs. */
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    static final String POSTGRES_IMAGE = "postgres:15";

    /** Testcontainers' default is a minute; a broker's JVM on a busy two-core machine takes longer. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;

    private ContainerInfrastructure(KafkaContainer kafka, PostgreSQLContainer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** Starts both containers in parallel; if one fails, the other is stopped again. */
    static ContainerInfrastructure start() {
        long startedAt = System.nanoTime();
        String pid = Long.toString(ProcessHandle.current().pid());
        KafkaContainer kafka = new KafkaContainer(
                        DockerImageName.parse(System.getProperty("vodflow.test.kafka-image", KAFKA_IMAGE)))
                .withLabel(LABEL, pid)
                // the services' topics have three partitions in every other environment too
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                // as docker-compose.yml: less CPU to start a JVM on a small machine
                .withEnv("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
                .withStartupTimeout(STARTUP_TIMEOUT);
        PostgreSQLContainer postgres = new PostgreSQLContainer(
                        DockerImageName.parse(System.getProperty("vodflow.test.postgres-image", POSTGRES_IMAGE)))
                .withLabel(LABEL, pid)
                .withUsername("postgres")
                .withPassword("vodflow")
                .withDatabaseName("postgres")
                .withStartupTimeout(STARTUP_TIMEOUT);
        ContainerInfrastructure infrastructure = new ContainerInfrastructure(kafka, postgres);
        try {
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(kafka::start), CompletableFuture.runAsync(postgres::start))
                    .join();
        } catch (CompletionException e) {
            infrastructure.close();
            throw new IllegalStateException(
                    "Testcontainers' Kafka (" + kafka.getDockerImageName() + ") and PostgreSQL ("
                            + postgres.getDockerImageName() + ") did not start; run on the in-JVM stand-ins with -D"
                            + InfrastructureChoice.PROPERTY + "=in-jvm: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        log.info(
                "Testcontainers up in {} ms: Kafka {} at {}, PostgreSQL {} at {}",
                (System.nanoTime() - startedAt) / 1_000_000,
                kafka.getDockerImageName(),
                kafka.getBootstrapServers(),
                postgres.getDockerImageName(),
                postgres.getJdbcUrl());
        return infrastructure;
    }

    /** {@code settings} with these containers as its Kafka and PostgreSQL. */
    LocalEnvironment.Settings applyTo(LocalEnvironment.Settings settings) {
        return settings.withPostgres(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword())
                .withKafka(kafka.getBootstrapServers());
    }

    @Override
    public void close() {
        for (GenericContainer<?> container : new GenericContainer<?>[] {kafka, postgres}) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly", container.getDockerImageName(), e);
            }
        }
    }
}
