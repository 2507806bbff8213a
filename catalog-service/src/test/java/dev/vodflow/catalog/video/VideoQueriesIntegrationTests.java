package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.catalog.video.VideoViews.VideoPage;
import dev.vodflow.catalog.video.VideoViews.VideoSummary;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * How PostgreSQL runs the owner's list and search ({@code GET /videos}, {@code GET /videos?q=}): from the covering
 * index alone, without one heap page per video, and with one generic plan rather than planning every request again.
 * Before the covering index an owner's search read every one of the owner's videos from the heap to filter its title
 * (and, with the benchmark's 100,000 videos, was planned again on each execution): most of the catalog's PostgreSQL
 * CPU for that request under wrk. Both tests fail on the old index (an index scan, or a bitmap heap scan and a sort).
 */
class VideoQueriesIntegrationTests {

    private static final String DATABASE = "catalog_queries_it";
    private static final int OWNERS = 200;
    private static final int VIDEOS_EACH = 100;

    private SingleConnectionDataSource dataSource;
    private JdbcClient jdbc;
    private VideoQueries queries;

    @BeforeEach
    void catalogOfManyOwners() {
        dataSource = MigratedDatabase.open(DATABASE);
        jdbc = JdbcClient.create(dataSource);
        // 20,000 videos of 200 owners, interleaved as uploads arrive: an owner's videos lie on as many heap pages
        jdbc.sql("""
                        INSERT INTO videos (id, owner_id, title, visibility, state, percent, created_at, updated_at,
                                            completion_duration_ms, completion_poster_path)
                        SELECT 'v-' || i, 'owner-' || (i % :owners), 'Holiday video ' || i,
                               CASE WHEN i % 3 = 0 THEN 'PRIVATE' ELSE 'PUBLIC' END, 'READY', 100,
                               timestamptz '2026-01-01' + i * interval '1 second',
                               timestamptz '2026-01-01' + i * interval '1 second' + interval '2 minutes',
                               60000, 'output/v-' || i || '/thumbnails/t.0000001.jpg'
                          FROM generate_series(1, :videos) AS i
                        """)
                .param("owners", OWNERS)
                .param("videos", OWNERS * VIDEOS_EACH)
                .update();
        // what autovacuum does for a table this size: the visibility map lets a scan skip the heap
        jdbc.sql("VACUUM (ANALYZE) videos").update();
        queries = new VideoQueries(jdbc);
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void anOwnersSearchIsAnIndexOnlyScanWithTheServersGenericPlan() {
        for (int i = 0; i < 20; i++) {
            VideoPage page = queries.list(new VideoQueries.Filter("owner-7", null, "video 1", null, 50));
            // owner-7 has videos 7, 207, 407, ...: "video 1" matches 1007, 1207, ... and 10007, 10207, ...
            assertThat(page.items())
                    .allSatisfy(video -> assertThat(video.title()).contains("video 1"));
            assertThat(page.items()).hasSize(50);
            assertThat(page.nextCursor()).isNotNull();
        }

        Map<String, Object> prepared = jdbc.sql("""
                        SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
                         WHERE statement LIKE '%owner_id = $1%' AND statement LIKE '%ILIKE%'
                        """).query().singleRow();
        long generic = ((Number) prepared.get("generic_plans")).longValue();
        long custom = ((Number) prepared.get("custom_plans")).longValue();
        assertThat(generic)
                .as("executions with the generic plan (%d with a custom plan, each planned again)", custom)
                .isGreaterThan(custom);

        // the driver names it S_n: quoted, or the server folds it to lower case
        String plan = explain("EXECUTE \"" + prepared.get("name") + "\"('owner-7', '%video 1%', 51)");
        assertReadFromTheCoveringIndexAlone(plan);
    }

    @Test
    void anOwnersPagesComeFromTheIndexInOrderAndMeetAtTheCursor() {
        VideoPage first = queries.list(new VideoQueries.Filter("owner-7", null, null, null, 60));
        VideoPage second =
                queries.list(new VideoQueries.Filter("owner-7", null, null, Cursor.decode(first.nextCursor()), 60));

        List<String> ids = Stream.concat(first.items().stream(), second.items().stream())
                .map(VideoSummary::id)
                .toList();
        assertThat(second.nextCursor()).isNull();
        assertThat(ids).hasSize(VIDEOS_EACH).doesNotHaveDuplicates();
        // newest first: owner-7's newest is video 19807
        assertThat(ids.get(0)).isEqualTo("v-19807");
        assertThat(ids.get(VIDEOS_EACH - 1)).isEqualTo("v-7");
        VideoSummary newest = first.items().get(0);
        assertThat(newest.title()).isEqualTo("Holiday video 19807");
        assertThat(newest.durationMs()).isEqualTo(60000L);

        String plan = explain("""
                SELECT id, title, visibility, state, percent, completion_duration_ms, completion_poster_path,
                       created_at, updated_at
                  FROM videos WHERE owner_id = 'owner-7' ORDER BY created_at DESC, id DESC LIMIT 51
                """);
        assertReadFromTheCoveringIndexAlone(plan);
    }

    private static void assertReadFromTheCoveringIndexAlone(String plan) {
        assertThat(plan)
                .contains("Index Only Scan using videos_owner_listing_idx")
                .contains("Heap Fetches: 0");
    }

    private String explain(String statement) {
        return String.join(
                "\n",
                jdbc.sql("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + statement)
                        .query(String.class)
                        .list());
    }
}
