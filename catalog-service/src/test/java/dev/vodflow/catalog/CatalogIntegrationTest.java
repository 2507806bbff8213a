package dev.vodflow.catalog;

import static org.awaitility.Awaitility.await;

import dev.vodflow.catalog.ops.Replay;
import dev.vodflow.catalog.video.Catalog;
import dev.vodflow.catalog.video.Video;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The one Spring context every integration test class shares (same configuration, so Spring's context cache
 * starts it once): the catalog on a random port against the real local Kafka, PostgreSQL and S3.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vodflow.messaging.retry-interval=200ms", "vodflow.messaging.outage-max-interval=2s"})
abstract class CatalogIntegrationTest {

    static final String DATABASE = "catalog_it";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestDatabases.fresh(DATABASE);
        LocalInfrastructure.get().registerProperties(registry, DATABASE);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
        // videos whose stored document a test removed are rendered again within a second
        registry.add("vodflow.catalog.documents-interval", () -> "1s");
    }

    static TestEvents events;

    @LocalServerPort
    int port;

    @Autowired
    Catalog catalog;

    @Autowired
    Replay replay;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void openProducer() {
        events = new TestEvents();
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    RestClient api(String subject, String... roles) {
        return RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + TestJwts.token(subject, roles))
                .build();
    }

    RestClient anonymous() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    Optional<Video> video(String id, String owner) {
        return catalog.find(id, owner);
    }

    boolean processed(String eventId) {
        return jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = :id")
                        .param("id", eventId)
                        .query(Long.class)
                        .single()
                == 1;
    }

    /** Waits until the catalog has consumed everything published so far, on every topic it reads. */
    void awaitCaughtUp() {
        // Generous: the build machine is shared, and the replay test publishes thousands of events.
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> replay.progress().caughtUp());
    }
}
