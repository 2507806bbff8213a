package dev.vodflow.notification.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.messaging.DeadLetterTopics;
import dev.vodflow.testsupport.DatabaseLink;
import dev.vodflow.testsupport.EventRecords;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TopicContents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15.1: a database outage longer than the bounded retries does not dead-letter an event; the intake waits and
 * takes the event in once the database is back. The service reaches its database through a link the test cuts; the
 * test itself reads the database directly.
 */
@SpringBootTest
class DatabaseOutageIntegrationTests {

    /** Its own group and database, so the other test contexts of this JVM neither take nor apply its records. */
    static final String GROUP = "notification-outage-it";

    static final LocalInfrastructure infra = LocalInfrastructure.get();
    static final String DIRECT_URL = infra.jdbcUrl("notify_outage");
    static final DatabaseLink link = DatabaseLink.to(DIRECT_URL);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        infra.registerProperties(registry, "notify_outage");
        registry.add("spring.datasource.url", link::jdbcUrl);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
        registry.add("spring.cloud.stream.bindings.videoEvents-in-0.group", () -> GROUP);
        registry.add("spring.cloud.stream.bindings.deadLetters-in-0.group", () -> GROUP + "-dead-letters");
        registry.add("vodflow.messaging.retry-interval", () -> "200ms");
        registry.add("vodflow.messaging.outage-max-interval", () -> "2s");
    }

    @AfterAll
    static void closeLink() {
        link.close();
    }

    final JdbcClient database =
            JdbcClient.create(new DriverManagerDataSource(DIRECT_URL, infra.postgresUser(), infra.postgresPassword()));

    @Test
    void anEventPublishedWhileTheDatabaseIsDownIsTakenInOnceItIsBack() throws Exception {
        String video = UUID.randomUUID().toString();
        TranscodeCompleted completed = completed(video);

        link.cut();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(EventRecords.of(completed)).get();
        }
        // Far longer than the bounded retries (3 deliveries 200 ms apart): neither taken in nor dead-lettered.
        await().during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(20))
                .until(() -> !takenIn(completed.eventId()) && deadLetters(video).isEmpty());

        link.restore();

        await().atMost(Duration.ofSeconds(60)).until(() -> takenIn(completed.eventId()));
        assertThat(deadLetters(video)).isEmpty();
    }

    @Test
    void aBatchPublishedWhileTheDatabaseIsDownIsTakenInWholeOnceItIsBack() throws Exception {
        List<TranscodeCompleted> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(completed(UUID.randomUUID().toString()));
        }

        link.cut();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (TranscodeCompleted event : batch) {
                producer.send(EventRecords.of(event));
            }
            producer.flush();
        }
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).until(() -> batch.stream()
                .noneMatch(
                        e -> takenIn(e.eventId()) || !deadLetters(e.videoId()).isEmpty()));

        link.restore();

        await().atMost(Duration.ofSeconds(60)).until(() -> batch.stream().allMatch(e -> takenIn(e.eventId())));
        assertThat(batch).allSatisfy(e -> assertThat(deadLetters(e.videoId())).isEmpty());
    }

    static TranscodeCompleted completed(String video) {
        return new TranscodeCompleted(
                UUID.randomUUID().toString(),
                video,
                "owner-" + UUID.randomUUID(),
                Instant.now(),
                "job-" + video,
                12_000,
                new TranscodeCompleted.Dimensions(1280, 720),
                "output/" + video + "/hls/master.m3u8",
                List.of(),
                List.of());
    }

    boolean takenIn(String eventId) {
        return database.sql("select count(*) from processed_event where event_id = ?")
                        .param(eventId)
                        .query(Integer.class)
                        .single()
                == 1;
    }

    static List<?> deadLetters(String video) {
        return TopicContents.of(infra.kafkaBootstrapServers(), DeadLetterTopics.of("transcode.completed", GROUP))
                .stream()
                .filter(r -> video.equals(r.key()))
                .toList();
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
