package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.catalog.video.VideoViews.VideoPage;
import dev.vodflow.catalog.video.VideoViews.VideoSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How PostgreSQL runs the owner's list and search ({@code GET /videos}, {@code GET /videos?q=}): from the covering
 * index alone, without one heap page per video, and with one generic plan rather than planning every request again.
 * Before the covering index an owner's search read every one of the owner's videos from the heap to filter its title
 * (and, with the benchmark's 100,000 videos, was planned again on each execution): most of the catalog's PostgreSQL
 * CPU for that request under wrk. Both tests fail on the old index (an index scan, or a bitmap heap scan and a sort).
 * The pages are the videos' stored summaries, kept in that index: the JSON must be the same, byte for byte, as the
 * rows mapped and written.
 */
class VideoQueriesIntegrationTests {

    private static final String DATABASE = "catalog_queries_it";
    private static final int OWNERS = 200;
    private static final int VIDEOS_EACH = 100;

    private final JsonMapper json = JsonMapper.builder().build();
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
                                            completion_event_id, completion_occurred_at, completion_duration_ms,
                                            completion_poster_path)
                        SELECT 'v-' || i, 'owner-' || (i % :owners), 'Holiday video ' || i,
                               CASE WHEN i % 3 = 0 THEN 'PRIVATE' ELSE 'PUBLIC' END, 'READY', 100,
                               timestamptz '2026-01-01' + i * interval '1 second',
                               timestamptz '2026-01-01' + i * interval '1 second' + interval '2 minutes',
                               'c-' || i, timestamptz '2026-01-01' + i * interval '1 second' + interval '1 minute',
                               60000, 'output/v-' || i || '/thumbnails/t.0000001.jpg'
                          FROM generate_series(1, :videos) AS i
                        """)
                .param("owners", OWNERS)
                .param("videos", OWNERS * VIDEOS_EACH)
                .update();
        // the rows were written behind the service's back: their summaries are rendered as the service would
        assertThat(dueDocuments().renderAll()).isEqualTo(OWNERS * VIDEOS_EACH);
        // what autovacuum does for a table this size: the visibility map lets a scan skip the heap
        jdbc.sql("VACUUM (ANALYZE) videos").update();
        queries = new VideoQueries(jdbc, json, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void anOwnersSearchIsAnIndexOnlyScanWithTheServersGenericPlan() {
        VideoQueries.Filter search = new VideoQueries.Filter("owner-7", null, "video 1", null, 50);
        for (int i = 0; i < 20; i++) {
            JsonNode page = json.readTree(page(search));
            // owner-7 has videos 7, 207, 407, ...: "video 1" matches 1007, 1207, ... and 10007, 10207, ...
            assertThat(page.get("items"))
                    .allSatisfy(
                            video -> assertThat(video.get("title").asString()).contains("video 1"));
            assertThat(page.get("items")).hasSize(50);
            assertThat(page.has("nextCursor")).isTrue();
        }
        assertThat(page(search)).isEqualTo(json.writeValueAsString(queries.list(search)));

        Map<String, Object> prepared = jdbc.sql("""
                        SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
                         WHERE statement LIKE '%summary%' AND statement LIKE '%ILIKE%'
                        """).query().singleRow();
        long generic = ((Number) prepared.get("generic_plans")).longValue();
        long custom = ((Number) prepared.get("custom_plans")).longValue();
        assertThat(generic)
                .as("executions with the generic plan (%d with a custom plan, each planned again)", custom)
                .isGreaterThan(custom);

        // the driver names it S_n: quoted, or the server folds it to lower case
        // one request: its row of VALUES (0, owner, rows, pattern)
        String plan = explain("EXECUTE \"%s\"(%d, 0, 'owner-7', 51, '%%video 1%%')"
                .formatted(prepared.get("name"), VideoDocuments.VERSION));
        assertReadFromTheCoveringIndexAlone(plan);
    }

    @Test
    void anOwnersPagesComeFromTheIndexInOrderAndMeetAtTheCursor() {
        VideoQueries.Filter firstPage = new VideoQueries.Filter("owner-7", null, null, null, 60);
        VideoPage first = queries.list(firstPage);
        VideoQueries.Filter secondPage =
                new VideoQueries.Filter("owner-7", null, null, Cursor.decode(first.nextCursor()), 60);
        VideoPage second = queries.list(secondPage);
        // the stored summaries give the same JSON, byte for byte, as the rows mapped and written
        assertThat(page(firstPage)).isEqualTo(json.writeValueAsString(first));
        assertThat(page(secondPage)).isEqualTo(json.writeValueAsString(second));

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
                SELECT id, created_at, summary, document_version = %d AS current
                  FROM videos WHERE owner_id = 'owner-7' ORDER BY created_at DESC, id DESC LIMIT 51
                """.formatted(VideoDocuments.VERSION));
        assertReadFromTheCoveringIndexAlone(plan);
    }

    /**
     * A search of the public listing pages as the listing's own order does, whatever the words and wherever their
     * matches lie: words every title has, words of the newest titles only, of the oldest only (none among the
     * window's newest videos), of one video, of none, and words rare among the titles (read from the title's index for
     * the rare word alone, see {@link #aSearchWithAWordRareAmongTheTitlesAsksTheTitlesIndexForThatWordAlone}), one of
     * them on several pages. Each search is paged to its end, or for 30 pages, and must give what one statement walking
     * the listing's order gives.
     */
    @Test
    void aPublicSearchPagesInTheListingsOrderWhereverItsMatchesLie() {
        for (String words : List.of(
                "holiday",
                "video 1",
                "video 7",
                "video 123",
                "123",
                "video 19999",
                "HOLIDAY Video 1999",
                "no such title")) {
            List<String> expected = jdbc.sql("""
                            SELECT id FROM videos
                             WHERE visibility = 'PUBLIC' AND state = 'READY' AND title ILIKE :pattern
                             ORDER BY created_at DESC, id DESC LIMIT 3000
                            """)
                    .param("pattern", "%" + words + "%")
                    .query(String.class)
                    .list();
            List<String> paged = new ArrayList<>();
            Cursor after = null;
            for (int n = 0; n < 30; n++) {
                VideoViews.PublicPage page = queries.listPublic(words, after, 100);
                page.items().forEach(video -> paged.add(video.id()));
                assertThat(page.items())
                        .allSatisfy(video -> assertThat(video.title()).containsIgnoringCase(words));
                if (page.nextCursor() == null) {
                    assertThat(paged).as(words).isEqualTo(expected);
                    break;
                }
                assertThat(page.items()).as(words).hasSize(100);
                after = Cursor.decode(page.nextCursor());
            }
            assertThat(paged).as(words).isEqualTo(expected.subList(0, paged.size()));
        }
    }

    /**
     * Why the public search does not walk the listing's order past a window: for words of the oldest videos only,
     * PostgreSQL walks every newer video, as the listing's one statement had it do; read from the title's index they
     * cost what their matches do. The window is filtered from the listing's index alone, which holds the titles, and
     * only its matches are read from the table. Words every title has are found within the first page of the window,
     * and where the window holds every video left, the title's index is not read at all.
     */
    @Test
    void aPublicSearchWalksAWindowThenReadsTheTitlesIndex() {
        Map<String, Object> oldest =
                Map.of("pattern", "%video 7%", "rows", 101, "window", VideoQueries.PUBLIC_SEARCH_WINDOW);
        String walk = explain("""
                SELECT id FROM videos WHERE visibility = 'PUBLIC' AND state = 'READY' AND title ILIKE :pattern
                 ORDER BY created_at DESC, id DESC LIMIT :rows
                """, oldest);
        // video 7999, the newest match, has 12,000 newer videos, about 8,000 of them public
        assertThat(walk)
                .containsPattern("Index (Only )?Scan using videos_public_listing_idx")
                .containsPattern("Rows Removed by Filter: 8\\d{3}\\n");
        assertThat(explain(VideoQueries.publicSearchInWindow(false), oldest))
                .contains("Index Only Scan using videos_public_listing_idx on videos (actual rows=1000 loops=1)")
                .contains("Heap Fetches: 0")
                .containsPattern("Index Scan using videos_pkey on videos \\w+ \\(never executed\\)");
        assertThat(explain(VideoQueries.publicSearchByTitleIndex(false), oldest))
                .containsPattern("Bitmap Index Scan on videos_title_trgm_idx \\(actual rows=\\d+ loops=1\\)")
                .doesNotContain("Index Scan using videos_public_listing_idx on videos ");

        Map<String, Object> common =
                Map.of("pattern", "%holiday%", "rows", 101, "window", VideoQueries.PUBLIC_SEARCH_WINDOW);
        assertThat(explain(VideoQueries.publicSearchInWindow(false), common))
                .contains("Index Only Scan using videos_public_listing_idx on videos (actual rows=101 loops=1)")
                .containsPattern("Index Scan using videos_pkey on videos \\w+ \\(actual rows=1 loops=101\\)");

        // after video 300, 200 public videos are left: the window holds them all
        Map<String, Object> last = new HashMap<>(oldest);
        last.put("afterCreated", Timestamp.from(Instant.parse("2026-01-01T00:05:00Z")));
        last.put("afterId", "v-300");
        assertThat(explain(VideoQueries.publicSearchByTitleIndex(true), last))
                .contains("Bitmap Index Scan on videos_title_trgm_idx (never executed)");

        // the plan made without the words or the limits, which the server may settle on for the prepared statement
        // (words every title has, in an order none has them: no word rare enough to skip the window)
        for (int i = 0; i < 10; i++) {
            assertThat(queries.listPublic("video holiday", null, 100).items()).isEmpty();
        }
        String window = jdbc.sql("SELECT name FROM pg_prepared_statements WHERE statement LIKE 'SELECT found.%'")
                .query(String.class)
                .single();
        jdbc.sql("SET plan_cache_mode = force_generic_plan").update();
        String generic =
                explain("EXECUTE \"%s\"(%d, '%%video 7%%', 101)".formatted(window, VideoQueries.PUBLIC_SEARCH_WINDOW));
        jdbc.sql("RESET plan_cache_mode").update();
        assertThat(generic)
                .contains("Index Only Scan using videos_public_listing_idx on videos (actual rows=1000 loops=1)")
                .containsPattern("Index Scan using videos_pkey on videos \\w+ \\(never executed\\)");
    }

    /**
     * A word of a search that few public titles hold is looked up in the title's trigram index alone, and the search's
     * other words are checked on what it finds: asked for every word, the index reads the lists of the common words'
     * trigrams in full. Words every title has are never picked (the window serves them), nor is a search with no word
     * of three letters or more; the plan the server may settle on for the prepared statement is the same.
     */
    @Test
    void aSearchWithAWordRareAmongTheTitlesAsksTheTitlesIndexForThatWordAlone() {
        PublicTitleSample sample = new PublicTitleSample(jdbc);
        assertThat(sample.rarestWord("Holiday video 19999", VideoQueries.RARE_WORD_MATCHES))
                .contains("19999");
        assertThat(sample.rarestWord("video 123", VideoQueries.RARE_WORD_MATCHES))
                .contains("123");
        assertThat(sample.rarestWord("holiday video", VideoQueries.RARE_WORD_MATCHES))
                .isEmpty();
        assertThat(sample.rarestWord("video 7", VideoQueries.RARE_WORD_MATCHES)).isEmpty();
        assertThat(sample.rarestWord("19", VideoQueries.RARE_WORD_MATCHES)).isEmpty();

        Map<String, Object> rare = Map.of("word", "%19999%", "pattern", "%holiday video 19999%", "rows", 101);
        assertThat(explain(VideoQueries.publicSearchByRareWord(false), rare))
                .containsPattern("Bitmap Index Scan on videos_title_trgm_idx \\(actual rows=\\d{1,2} loops=1\\)")
                .contains("Index Cond: (title ~~* '%19999%'::text)")
                .doesNotContain("videos_public_listing_idx");

        for (int i = 0; i < 10; i++) {
            assertThat(queries.listPublic("Holiday video 19999", null, 100).items())
                    .extracting(VideoViews.PublicVideo::id)
                    .containsExactly("v-19999");
        }
        // a search alone is read by the statement for one public page (VideoQueries.publicPages): its row of VALUES
        // (0, rows, word, pattern); the index is asked for the word ($3) alone
        jdbc.sql("SET plan_cache_mode = force_generic_plan").update();
        String generic = explain("EXECUTE \"%s\"(0, 101, '%%19999%%', '%%holiday video 19999%%')"
                .formatted(preparedPublicPage("AND (title || '')")));
        jdbc.sql("RESET plan_cache_mode").update();
        assertThat(generic)
                .containsPattern("Bitmap Index Scan on videos_title_trgm_idx \\(actual rows=\\d{1,2} loops=1\\)")
                .contains("Index Cond: (title ~~* like_escape(($3)::text")
                .doesNotContain("videos_public_listing_idx");
    }

    /**
     * The sample is read again by the first search that finds it older than {@value PublicTitleSample#REFRESH_MINUTES}
     * minutes: a word that newer titles made common stops counting as rare then, and not before.
     */
    @Test
    void theTitleSampleIsReadAgainOnceItIsOlderThanItsRefresh() {
        AtomicLong nanos = new AtomicLong();
        PublicTitleSample sample = new PublicTitleSample(jdbc, nanos::get);
        assertThat(sample.rarestWord("zebra", VideoQueries.RARE_WORD_MATCHES)).contains("zebra");
        jdbc.sql("""
                        INSERT INTO videos (id, owner_id, title, visibility, state, percent, created_at, updated_at)
                        SELECT 'z-' || i, 'owner-1', 'Zebra ' || i, 'PUBLIC', 'READY', 100,
                               timestamptz '2026-02-01' + i * interval '1 second',
                               timestamptz '2026-02-01' + i * interval '1 second'
                          FROM generate_series(1, 3000) AS i
                        """).update();
        nanos.set(TimeUnit.MINUTES.toNanos(PublicTitleSample.REFRESH_MINUTES) - 1);
        assertThat(sample.rarestWord("zebra", VideoQueries.RARE_WORD_MATCHES)).contains("zebra");
        nanos.set(TimeUnit.MINUTES.toNanos(PublicTitleSample.REFRESH_MINUTES) + 1);
        assertThat(sample.rarestWord("zebra", VideoQueries.RARE_WORD_MATCHES)).isEmpty();
    }

    /**
     * A sample that cannot be read again (the statement fails) stays as it was, and the search that tried goes on with
     * it; the next search past the refresh reads it again once it can.
     */
    @Test
    void aTitleSampleThatCannotBeReadAgainStaysAsItWas() {
        AtomicLong nanos = new AtomicLong();
        PublicTitleSample sample = new PublicTitleSample(jdbc, nanos::get);
        assertThat(sample.rarestWord("holiday 19999", VideoQueries.RARE_WORD_MATCHES))
                .contains("19999");
        nanos.set(TimeUnit.MINUTES.toNanos(PublicTitleSample.REFRESH_MINUTES) + 1);
        jdbc.sql("ALTER TABLE videos RENAME TO videos_away").update();
        try {
            assertThat(sample.rarestWord("holiday 19999", VideoQueries.RARE_WORD_MATCHES))
                    .contains("19999");
        } finally {
            jdbc.sql("ALTER TABLE videos_away RENAME TO videos").update();
        }
        jdbc.sql("UPDATE videos SET title = 'Holiday 19999 ' || id WHERE visibility = 'PUBLIC'")
                .update();
        assertThat(sample.rarestWord("holiday 19999", VideoQueries.RARE_WORD_MATCHES))
                .isEmpty();
    }

    /**
     * Pages read together ({@link VideoQueries#pages}, what concurrent requests share): each request gets its own
     * page, the one it would get alone, also when two requests are alike; requests that filter differently are read
     * by a statement of their shape, and a batch padded to the statement's size reads nothing for its padding.
     */
    @Test
    void pagesReadTogetherAreEachTheRequestsOwn() {
        VideoQueries.Filter newest = new VideoQueries.Filter("owner-7", null, null, null, 5);
        VideoQueries.Filter next = new VideoQueries.Filter(
                "owner-7", null, null, Cursor.decode(queries.list(newest).nextCursor()), 5);
        List<VideoQueries.Filter> filters = List.of(
                newest,
                new VideoQueries.Filter("owner-8", null, null, null, 3),
                newest,
                next,
                new VideoQueries.Filter("owner-9", VideoState.READY, "video 1", null, 4),
                new VideoQueries.Filter("nobody", VideoState.PROCESSING, null, null, 5));
        List<VideoQueries.PageRequest> requests =
                filters.stream().map(VideoQueries.PageRequest::new).toList();

        for (int i = 0; i < 20; i++) {
            Map<VideoQueries.PageRequest, List<VideoQueries.PageRow>> pages = queries.pages(requests);

            assertThat(pages).hasSize(filters.size());
            for (VideoQueries.PageRequest request : requests) {
                VideoPage alone = queries.list(request.filter);
                List<VideoQueries.PageRow> rows = pages.get(request);
                assertThat(rows.stream().limit(request.filter.limit()).map(VideoQueries.PageRow::id))
                        .as("the page of %s", request.filter)
                        .containsExactlyElementsOf(
                                alone.items().stream().map(VideoSummary::id).toList());
                assertThat(rows).allMatch(VideoQueries.PageRow::current);
                if (alone.nextCursor() != null) {
                    // one row more than the page, and the cursor's row has its timestamp
                    assertThat(rows).hasSize(request.filter.limit() + 1);
                    VideoQueries.PageRow last = rows.get(request.filter.limit() - 1);
                    assertThat(new Cursor(last.createdAt(), last.id()).encode()).isEqualTo(alone.nextCursor());
                }
            }
            assertThat(pages.get(requests.get(0))).isNotSameAs(pages.get(requests.get(2)));
            assertThat(pages.get(requests.get(5))).isEmpty();
        }

        // the three first pages without filters: four rows of three values after the version ($1), the last a page
        // of no rows; the statement ran on the server's generic plan
        Map<String, Object> prepared = jdbc.sql("""
                        SELECT generic_plans, custom_plans FROM pg_prepared_statements
                         WHERE statement LIKE '%LATERAL%' AND statement LIKE '%$13::int)%' AND statement NOT LIKE '%$14%'
                        """).query().singleRow();
        assertThat(((Number) prepared.get("generic_plans")).longValue())
                .as("executions with the generic plan (%s with a custom plan)", prepared.get("custom_plans"))
                .isGreaterThan(((Number) prepared.get("custom_plans")).longValue());
    }

    /**
     * Public pages read together ({@link VideoQueries#publicPages}, what concurrent requests of the public listing
     * share): each request gets the page one statement walking the listing's order gives it, also when two requests
     * are alike; listings and searches by a rare word, first pages and pages after a cursor, each read by a statement
     * of its shape, and a batch padded to the statement's size reads nothing for its padding. The plan the server may
     * settle on for such a statement is the one a page alone gets: a listing walks the listing's index, a search asks
     * the title's index for its rare word alone.
     */
    @Test
    void publicPagesReadTogetherAreEachTheRequestsOwn() {
        Cursor after = Cursor.decode(queries.listPublic(null, null, 5).nextCursor());
        Cursor afterTwelveHundred = new Cursor(Instant.parse("2026-01-01T00:20:00Z"), "v-1200");
        List<VideoQueries.PublicRequest> requests = List.of(
                new VideoQueries.PublicRequest(null, null, null, 5),
                new VideoQueries.PublicRequest("%19999%", "%holiday video 19999%", null, 3),
                new VideoQueries.PublicRequest(null, null, null, 5),
                new VideoQueries.PublicRequest(null, null, after, 5),
                new VideoQueries.PublicRequest("%123%", "%video 123%", null, 4),
                new VideoQueries.PublicRequest("%123%", "%video 123%", afterTwelveHundred, 6),
                new VideoQueries.PublicRequest("%zebra%", "%zebra%", null, 5));

        for (int i = 0; i < 20; i++) {
            Map<VideoQueries.PublicRequest, List<VideoViews.PublicVideo>> pages = queries.publicPages(requests);

            assertThat(pages).hasSize(requests.size());
            for (VideoQueries.PublicRequest request : requests) {
                Map<String, Object> params = new HashMap<>();
                params.put("pattern", request.pattern == null ? "%" : request.pattern);
                params.put(
                        "afterCreated",
                        Timestamp.from(
                                request.after == null
                                        ? Instant.parse("9999-01-01T00:00:00Z")
                                        : request.after.createdAt()));
                params.put("afterId", request.after == null ? "" : request.after.id());
                params.put("rows", request.limit + 1);
                List<String> expected =
                        jdbc.sql("""
                                SELECT id FROM videos
                                 WHERE visibility = 'PUBLIC' AND state = 'READY' AND title ILIKE :pattern
                                   AND (created_at, id) < (:afterCreated, :afterId)
                                 ORDER BY created_at DESC, id DESC LIMIT :rows
                                """).params(params).query(String.class).list();
                assertThat(pages.get(request))
                        .as("the page of %s after %s", request.pattern, request.after)
                        .extracting(VideoViews.PublicVideo::id)
                        .containsExactlyElementsOf(expected);
            }
            assertThat(pages.get(requests.get(0)))
                    .isNotSameAs(pages.get(requests.get(2)))
                    .hasSize(6)
                    .first()
                    .satisfies(video -> {
                        assertThat(video.id()).isEqualTo("v-20000");
                        assertThat(video.title()).isEqualTo("Holiday video 20000");
                        assertThat(video.durationMs()).isEqualTo(60000L);
                        assertThat(video.posterPath()).isEqualTo("output/v-20000/thumbnails/t.0000001.jpg");
                        assertThat(video.publishedAt()).isEqualTo(Instant.parse("2026-01-01T05:33:20Z"));
                    });
            assertThat(pages.get(requests.get(1)))
                    .extracting(VideoViews.PublicVideo::id)
                    .containsExactly("v-19999");
            assertThat(pages.get(requests.get(6))).isEmpty();
        }

        // the listing's statement for one page, as a request alone reads it, with the plan the server may settle on
        // (the search's: aSearchWithAWordRareAmongTheTitlesAsksTheTitlesIndexForThatWordAlone)
        for (int i = 0; i < 10; i++) {
            assertThat(queries.listPublic(null, null, 100).items()).hasSize(100);
        }
        jdbc.sql("SET plan_cache_mode = force_generic_plan").update();
        String listing = explain("EXECUTE \"%s\"(0, 101)".formatted(preparedPublicPage("ORDER BY created_at DESC")));
        jdbc.sql("RESET plan_cache_mode").update();
        assertThat(listing)
                .containsPattern(
                        "Index (Only )?Scan using videos_public_listing_idx on videos \\(actual rows=101 loops=1\\)")
                .doesNotContain("Sort Method: external");
    }

    /** The server's name for the statement of one public page, without a cursor, that holds {@code part}. */
    private String preparedPublicPage(String part) {
        return jdbc.sql("""
                        SELECT name FROM pg_prepared_statements
                         WHERE statement LIKE '%LATERAL%' AND statement LIKE :part AND statement NOT LIKE '%afterId%'
                           AND statement NOT LIKE '%), (%'
                        """).param("part", "%" + part + "%").query(String.class).single();
    }

    /**
     * A video whose summary is not current (written behind the service's back, or rendered in an earlier shape) makes
     * its page be read the old way, never shown as stored.
     */
    @Test
    void aPageWithAVideoWhoseSummaryIsNotCurrentIsReadFromItsColumns() {
        jdbc.sql("UPDATE videos SET summary = '{\"title\":\"stale\"}', document_version = NULL WHERE id = 'v-19607'")
                .update();
        VideoQueries.Filter newest = new VideoQueries.Filter("owner-7", null, null, null, 5);

        String page = page(newest);

        assertThat(page).doesNotContain("stale").isEqualTo(json.writeValueAsString(queries.list(newest)));
        assertThat(json.readTree(page).get("items").get(1).get("title").asString())
                .isEqualTo("Holiday video 19607");
    }

    /** A start after the JSON changed: the rows rendered in the earlier shape are read the old way, then rendered. */
    @Test
    void videosRenderedInAnEarlierShapeAreRenderedAgainAfterAStart() {
        jdbc.sql("UPDATE videos SET summary = '{}', document_version = :earlier WHERE owner_id = 'owner-7'")
                .param("earlier", VideoDocuments.VERSION - 1)
                .update();
        VideoQueries.Filter newest = new VideoQueries.Filter("owner-7", null, null, null, 5);
        assertThat(page(newest)).isEqualTo(json.writeValueAsString(queries.list(newest)));

        assertThat(dueDocuments().renderAll()).isEqualTo(VIDEOS_EACH);

        assertThat(jdbc.sql("SELECT count(*) FROM videos WHERE document_version = :version AND summary <> '{}'")
                        .param("version", VideoDocuments.VERSION)
                        .query(Long.class)
                        .single())
                .isEqualTo(OWNERS * VIDEOS_EACH);
        assertThat(page(newest)).isEqualTo(json.writeValueAsString(queries.list(newest)));
    }

    /** The owner's page as the API writes it. */
    private String page(VideoQueries.Filter filter) {
        return new String(queries.page(filter), StandardCharsets.UTF_8);
    }

    /** The background's work as a new instance of the service does it. */
    private DueDocuments dueDocuments() {
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        VideoDocuments documents = new VideoDocuments(json);
        return new DueDocuments(
                named,
                new VideoStore(named, documents, new SimpleMeterRegistry()),
                new Ledger(named),
                documents,
                new DataSourceTransactionManager(dataSource));
    }

    private static void assertReadFromTheCoveringIndexAlone(String plan) {
        assertThat(plan)
                .contains("Index Only Scan using videos_owner_summary_idx")
                .contains("Heap Fetches: 0");
    }

    private String explain(String statement) {
        return explain(statement, Map.of());
    }

    private String explain(String statement, Map<String, Object> params) {
        return String.join(
                "\n",
                jdbc.sql("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + statement)
                        .params(params)
                        .query(String.class)
                        .list());
    }
}
