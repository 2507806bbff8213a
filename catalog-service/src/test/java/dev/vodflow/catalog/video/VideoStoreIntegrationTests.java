package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * How PostgreSQL runs the statement behind {@code GET /videos/{id}}: the driver prepares it on the server after a few
 * executions, and the server must then keep one generic plan rather than plan every request again. Planning was most
 * of the catalog's PostgreSQL CPU under wrk while the lookup was {@code load} of a one-id array (the generic plan's
 * estimate for {@code unnest} of a parameter, ten rows, never looked as cheap as a custom plan for one).
 */
class VideoStoreIntegrationTests {

    private static final String DATABASE = "catalog_store_it";

    private SingleConnectionDataSource dataSource;
    private VideoStore store;

    @BeforeEach
    void freshDatabase() {
        dataSource = MigratedDatabase.open(DATABASE);
        store = new VideoStore(
                new NamedParameterJdbcTemplate(dataSource),
                new VideoDocuments(JsonMapper.builder().build()),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void aVideoByIdIsReadWithTheServersGenericPlan() {
        VideoFixtures ready = VideoFixtures.video("v-ready", "alice");
        Video video = VideoProjector.apply(VideoProjector.apply(null, ready.uploaded()), ready.completed());
        store.write(Map.of(), Map.of(video.id(), video));

        for (int i = 0; i < 20; i++) {
            Video found = store.find(video.id()).orElseThrow();
            assertThat(found.renditions()).isEqualTo(video.renditions());
            assertThat(found.thumbnails()).isEqualTo(video.thumbnails());
        }
        assertThat(store.find("v-missing")).isEmpty();

        List<Map<String, Object>> plans =
                new NamedParameterJdbcTemplate(dataSource).getJdbcTemplate().queryForList("""
                        SELECT generic_plans, custom_plans FROM pg_prepared_statements
                         WHERE statement LIKE '%FROM video_thumbnails%'
                        """);
        assertThat(plans).as("the lookup, prepared on the server").hasSize(1);
        long generic = ((Number) plans.get(0).get("generic_plans")).longValue();
        long custom = ((Number) plans.get(0).get("custom_plans")).longValue();
        assertThat(generic)
                .as("executions with the generic plan (%d with a custom plan, each planned again)", custom)
                .isGreaterThan(custom);
    }

    @Test
    void aBatchOfVideosStillLoadsInOneStatement() {
        VideoFixtures a = VideoFixtures.video("v-a", "alice");
        VideoFixtures b = VideoFixtures.video("v-b", "bob");
        Video first = VideoProjector.apply(VideoProjector.apply(null, a.uploaded()), a.completed());
        Video second = VideoProjector.apply(null, b.uploaded());
        store.write(Map.of(), Map.of(first.id(), first, second.id(), second));

        Map<String, Video> loaded = store.load(List.of("v-a", "v-b", "v-missing"));

        assertThat(loaded).containsOnlyKeys("v-a", "v-b");
        assertThat(loaded.get("v-a").renditions()).isEqualTo(first.renditions());
        assertThat(loaded.get("v-b").renditions()).isEmpty();
    }

    @Test
    void documentsOfConcurrentGetsAreReadInOneStatementOfFixedArityWithTheServersGenericPlan() {
        VideoDocuments documents = new VideoDocuments(JsonMapper.builder().build());
        Map<String, Video> videos = new LinkedHashMap<>();
        for (String id : List.of("v-a", "v-b", "v-c")) {
            VideoFixtures fixture = VideoFixtures.video(id, id.equals("v-b") ? "bob" : "alice");
            videos.put(id, VideoProjector.apply(VideoProjector.apply(null, fixture.uploaded()), fixture.completed()));
        }
        store.write(Map.of(), videos);

        for (int i = 0; i < 20; i++) {
            Map<String, VideoStore.StoredDocument> found = store.documents(List.of("v-a", "v-b", "v-c"));
            assertThat(found).containsOnlyKeys("v-a", "v-b", "v-c");
            found.forEach((id, stored) -> {
                assertThat(stored.ownerId()).isEqualTo(videos.get(id).ownerId());
                assertThat(stored.current()).isTrue();
                assertThat(stored.json().document())
                        .isEqualTo(documents.render(videos.get(id)).stored().document());
            });
            assertThat(store.document("v-b").orElseThrow().ownerId()).isEqualTo("bob");
        }
        assertThat(store.documents(List.of("v-missing", "v-c", "v-a"))).containsOnlyKeys("v-c", "v-a");
        assertThat(store.document("v-missing")).isEmpty();
        assertThatThrownBy(() -> store.documents(List.of())).isInstanceOf(IllegalArgumentException.class);

        List<Map<String, Object>> plans =
                new NamedParameterJdbcTemplate(dataSource).getJdbcTemplate().queryForList("""
                        SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements
                         WHERE statement LIKE '%document_version = $1 AS current%'
                        """);
        assertThat(plans)
                .as("one statement for one id, one for three padded to four (and two ids), prepared on the server")
                .extracting(plan -> plan.get("statement").toString().replaceAll("\\s+", " "))
                .anySatisfy(sql -> assertThat(sql).endsWith("WHERE id IN ($2) "))
                .anySatisfy(sql -> assertThat(sql).endsWith("WHERE id IN ($2, $3, $4, $5) "));
        assertThat(plans).allSatisfy(plan -> {
            long generic = ((Number) plan.get("generic_plans")).longValue();
            long custom = ((Number) plan.get("custom_plans")).longValue();
            assertThat(generic)
                    .as("executions of %s with the generic plan (%d with a custom plan)", plan.get("statement"), custom)
                    .isGreaterThan(custom);
        });
    }
}
