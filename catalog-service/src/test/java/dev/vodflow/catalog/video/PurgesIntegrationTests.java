package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.testsupport.LocalInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two catalog instances sweep the same pending purges at the same time (as production runs them): each video's
 * objects are removed once, by one of them, and a removal that fails stays pending for the next sweep.
 */
class PurgesIntegrationTests {

    private static final String DATABASE = "catalog_purges_it";

    private final List<String> removals = new CopyOnWriteArrayList<>();
    private NamedParameterJdbcTemplate jdbc;
    private DataSourceTransactionManager transactions;

    @BeforeEach
    void freshDatabase() throws Exception {
        LocalInfrastructure infra = LocalInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                infra.emptyJdbcUrl(DATABASE), infra.postgresUser(), infra.postgresPassword());
        jdbc = new NamedParameterJdbcTemplate(dataSource);
        jdbc.getJdbcTemplate().execute(migration("db/migration/V2__pending_purges.sql"));
        transactions = new DataSourceTransactionManager(dataSource);
    }

    @Test
    void twoInstancesSweepingAtOnceRemoveEachVideoOnce() throws Exception {
        for (String video : List.of("v1", "v2", "v3")) {
            jdbc.update(
                    "INSERT INTO pending_purges (video_id, source_key, recorded_at) VALUES (:id, :key, now())",
                    Map.of("id", video, "key", "input/" + video + ".mp4"));
        }
        CountDownLatch bothStarted = new CountDownLatch(2);
        Purges.Removal slowRemoval = (video, bucket, key) -> {
            removals.add(video);
            sleep(300); // a removal takes a while (S3 listing and deleting): the other sweep runs meanwhile
            return 2;
        };
        Purges first = new Purges(jdbc, slowRemoval, Clock.systemUTC(), transactions);
        Purges second = new Purges(jdbc, slowRemoval, Clock.systemUTC(), transactions);

        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> {
            bothStarted.countDown();
            await(bothStarted);
            first.sweep();
        });
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> {
            bothStarted.countDown();
            await(bothStarted);
            second.sweep();
        });
        CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
        // what a sweep skipped because the other held it is gone by now; a later sweep finds nothing to do
        first.sweep();
        second.sweep();

        assertThat(removals).containsExactlyInAnyOrder("v1", "v2", "v3");
        assertThat(pending()).isZero();
    }

    @Test
    void aRemovalThatFailsStaysPendingForTheNextSweep() {
        jdbc.update(
                "INSERT INTO pending_purges (video_id, recorded_at) VALUES ('v9', now())", Map.<String, Object>of());
        Purges failing = new Purges(
                jdbc,
                (video, bucket, key) -> {
                    throw new IllegalStateException("S3 is down");
                },
                Clock.systemUTC(),
                transactions);
        failing.sweep();
        assertThat(pending()).isEqualTo(1);

        new Purges(jdbc, (video, bucket, key) -> 0, Clock.systemUTC(), transactions).sweep();
        assertThat(pending()).isZero();
    }

    private long pending() {
        return jdbc.queryForObject("SELECT count(*) FROM pending_purges", Map.of(), Long.class);
    }

    private static String migration(String resource) throws IOException {
        try (InputStream in = PurgesIntegrationTests.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
