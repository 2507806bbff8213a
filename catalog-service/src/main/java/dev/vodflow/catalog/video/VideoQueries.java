package dev.vodflow.catalog.video;

import dev.vodflow.catalog.video.VideoViews.PublicPage;
import dev.vodflow.catalog.video.VideoViews.PublicVideo;
import dev.vodflow.catalog.video.VideoViews.VideoPage;
import dev.vodflow.catalog.video.VideoViews.VideoSummary;
import dev.vodflow.events.Visibility;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lists. The owner's list: newest first, keyset pagination on (created_at, id) so that a page costs the same
 * however deep it is, served by the (owner_id[, state], created_at DESC, id DESC) indexes, its videos' summaries
 * stored ready in the first of them ({@link #page}); concurrent pages share one statement, each request its own rows
 * of it ({@link #pages}). The public listing pages the same way over a partial index of PUBLIC, READY videos. No read
 * here runs in a transaction (a read-only one would add a round trip per request for nothing: a statement sees one
 * snapshot anyway).
 */
@Component
class VideoQueries {

    /** How many pages one read of {@link #pageReads} or {@link #publicReads} takes at most. */
    private static final int PAGE_BATCH = 64;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    /**
     * One read of pages at a time, as for GET by id ({@link VideoStore}): pages asked for while it runs are read
     * together by the next.
     */
    private final CoalescedReads<PageRequest, List<PageRow>> pageReads;

    /**
     * Pages of the public listing that one statement answers ({@link #publicPages}), coalesced as the owner's pages
     * are: the first pages and those after a cursor, and searches by a word rare among the titles.
     */
    private final CoalescedReads<PublicRequest, List<PublicVideo>> publicReads;

    /** How common the words of a public search are, for the plan the search takes ({@link #listPublic}). */
    private final PublicTitleSample publicTitles;

    VideoQueries(JdbcClient jdbc, JsonMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.publicTitles = new PublicTitleSample(jdbc);
        this.pageReads =
                new CoalescedReads<>(this::pages, PAGE_BATCH, 1, VideoStore.readBatches("page", meters)::record);
        this.publicReads = new CoalescedReads<>(
                this::publicPages, PAGE_BATCH, 1, VideoStore.readBatches("public", meters)::record);
    }

    record Filter(String ownerId, VideoState state, String query, Cursor after, int limit) {}

    /**
     * One request for a page. Compared by identity, never by its filter: requests alike (the same owner's first page,
     * say) are each read, as requests of different owners are.
     */
    static final class PageRequest {

        final Filter filter;

        PageRequest(Filter filter) {
            this.filter = filter;
        }
    }

    /**
     * A row of a page: a video's stored summary and whether it is of the current version, with its timestamp where the
     * row becomes the page's cursor ({@code null} on the others: never read for them).
     */
    record PageRow(String id, Instant createdAt, byte[] summary, boolean current) {}

    /**
     * A page of the owner's list as the JSON the API returns: the videos' stored summaries joined, from the listing
     * index alone. The summaries are copied as the server sends them (UTF-8, as the driver always asks for), never
     * decoded. A page with a video whose summary is missing or of another version (written before V103, or behind the
     * service's back, and not rendered yet by {@link DueDocuments}) is read again with {@link #list} and written.
     */
    byte[] page(Filter filter) {
        PageRequest request = new PageRequest(filter);
        List<PageRow> rows = TransactionSynchronizationManager.isActualTransactionActive()
                // a read in a transaction sees the transaction's own writes: it reads alone, on its own connection
                ? pages(List.of(request)).get(request)
                : pageReads.get(request);
        if (!rows.stream().allMatch(PageRow::current)) {
            return json.writeValueAsBytes(list(filter));
        }
        PageRow cursor = rows.size() > filter.limit() ? rows.get(filter.limit() - 1) : null;
        return VideoDocuments.page(
                rows.stream().limit(filter.limit()).map(PageRow::summary).toList(),
                cursor == null ? null : new Cursor(cursor.createdAt(), cursor.id()).encode());
    }

    /**
     * The rows of the given requests' pages (1 to {@link #PAGE_BATCH} requests), each up to one more than its page
     * (the extra row tells there is a next page), newest first. Requests that filter alike (by state or not, by title
     * or not, after a cursor or not) share one statement: a row of {@code VALUES} per request, with its owner, size
     * and filters, and a {@code LATERAL} read of its page, with the plan a page read alone gets.
     */
    Map<PageRequest, List<PageRow>> pages(List<PageRequest> requests) {
        if (requests.isEmpty() || requests.size() > PAGE_BATCH) {
            throw new IllegalArgumentException("from 1 to " + PAGE_BATCH + " pages at a time, not " + requests.size());
        }
        Map<PageRequest, List<PageRow>> pages = new IdentityHashMap<>();
        requests.forEach(request -> pages.put(request, new ArrayList<>(request.filter.limit() + 1)));
        requests.stream()
                .collect(Collectors.groupingBy(
                        request -> Shape.of(request.filter), LinkedHashMap::new, Collectors.toList()))
                .forEach((shape, alike) -> read(shape, alike, pages));
        return pages;
    }

    /** Reads the pages of requests of one shape with one statement, into {@code pages}. */
    private void read(Shape shape, List<PageRequest> requests, Map<PageRequest, List<PageRow>> pages) {
        // the statement of the next power of two at or above the number of requests: the rows beyond them ask for
        // nothing (no owner, no rows), so that the server keeps one generic plan for each size
        int exponent = sizeExponent(requests.size());
        List<Object> parameters = new ArrayList<>();
        parameters.add(VideoDocuments.VERSION);
        bindRows(requests.stream().map(request -> request.filter).toList(), exponent, shape.columns(), parameters);
        jdbc.sql(STATEMENTS.get(shape).get(exponent)).params(parameters).query(rs -> {
            PageRequest request = requests.get(rs.getInt(1));
            List<PageRow> rows = pages.get(request);
            boolean cursor = rows.size() == request.filter.limit() - 1;
            rows.add(new PageRow(
                    rs.getString(2), cursor ? rs.getTimestamp(3).toInstant() : null, rs.getBytes(4), rs.getBoolean(5)));
        });
    }

    VideoPage list(Filter filter) {
        Shape shape = Shape.of(filter);
        String sql = """
                SELECT id, title, visibility, state, percent, completion_duration_ms, completion_poster_path, created_at,
                       updated_at
                  FROM videos
                """ + shape.owners(name -> ":" + name);
        List<VideoSummary> rows = jdbc.sql(sql)
                .params(shape.values(filter))
                .query((rs, n) -> new VideoSummary(
                        rs.getString("id"),
                        rs.getString("title"),
                        Visibility.valueOf(rs.getString("visibility")),
                        VideoState.valueOf(rs.getString("state")),
                        rs.getInt("percent"),
                        (Long) rs.getObject("completion_duration_ms"),
                        rs.getString("completion_poster_path"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant()))
                .list();
        if (rows.size() <= filter.limit()) {
            return new VideoPage(rows, null);
        }
        List<VideoSummary> page = rows.subList(0, filter.limit());
        VideoSummary last = page.get(page.size() - 1);
        return new VideoPage(List.copyOf(page), new Cursor(last.createdAt(), last.id()).encode());
    }

    /**
     * How many of the newest public videos a search of the public listing looks through before it asks the title
     * index instead ({@link #listPublic}).
     */
    static final int PUBLIC_SEARCH_WINDOW = 1000;

    /**
     * At most how many public videos a word of a search may be estimated to be in for the search to ask the title's
     * index for that word alone ({@link #publicSearchByRareWord}).
     */
    static final long RARE_WORD_MATCHES = 500;

    private static final String PUBLIC_COLUMNS =
            "id, title, description, completion_duration_ms, completion_poster_path, created_at";

    /**
     * Everyone's PUBLIC and READY videos, newest first, served by the partial index on (created_at DESC, id DESC).
     *
     * <p>A search reads the same order, which that index gives at once when the words are common among the newest
     * videos and only after walking every newer video when they are not. PostgreSQL picks the walk from how many
     * titles match, not from where they lie: with the benchmark's 100,000 videos {@code q=video 1} (a tenth of the
     * titles, none among the newest 80,000) walked 80,000 videos, 184 ms. So a search first looks through the newest
     * {@link #PUBLIC_SEARCH_WINDOW} videos only ({@link #publicSearchInWindow}); where that does not fill the page and
     * more videos lie beyond, it reads every match from the title's trigram index and sorts them
     * ({@link #publicSearchByTitleIndex}): a cost that follows the number of matches, 34 ms for that search. Each
     * statement has one good plan whatever the words, so the generic plan the server settles on for a prepared
     * statement is that one. The one statement before had none: its generic plan read every match and sorted them,
     * 245 ms for a word every title has, which the walk finds at once.
     *
     * <p>A search with a word rare among public titles (estimated by {@link PublicTitleSample}, about
     * {@value #RARE_WORD_MATCHES} videos or fewer) skips the window: the title's index is asked for that word alone,
     * the search's other words are checked on the titles it finds, and that one statement is the whole answer
     * ({@link #publicSearchByRareWord}). Asked for every word, the index first reads the lists of the common words'
     * trigrams in full: with the benchmark's 100,000 public videos, {@code video 54321} took 2.2 ms of PostgreSQL by the
     * window, its count and the index asked for both words, and 0.15 ms by the index asked for {@code 54321} alone.
     *
     * @param query words of the title, or {@code null} for all
     */
    PublicPage listPublic(String query, Cursor after, int limit) {
        List<PublicVideo> rows;
        String pattern = query == null ? null : "%" + escapeLike(query) + "%";
        Optional<String> rare = query == null ? Optional.empty() : publicTitles.rarestWord(query, RARE_WORD_MATCHES);
        if (query == null || rare.isPresent()) {
            // one statement is the whole answer, read with the pages other requests ask for meanwhile
            String word = rare.map(found -> "%" + escapeLike(found) + "%").orElse(null);
            rows = publicPage(new PublicRequest(word, pattern, after, limit));
        } else {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("rows", limit + 1);
            if (after != null) {
                params.put("afterCreated", Timestamp.from(after.createdAt()));
                params.put("afterId", after.id());
            }
            params.put("pattern", pattern);
            params.put("window", PUBLIC_SEARCH_WINDOW);
            rows = publicVideos(publicSearchInWindow(after != null), params);
            if (rows.size() <= limit) {
                // the window did not fill the page: every match, if more videos lie beyond the window
                List<PublicVideo> beyond = publicVideos(publicSearchByTitleIndex(after != null), params);
                if (!beyond.isEmpty()) {
                    rows = beyond;
                }
            }
        }
        if (rows.size() <= limit) {
            return new PublicPage(List.copyOf(rows), null);
        }
        List<PublicVideo> page = rows.subList(0, limit);
        PublicVideo last = page.get(page.size() - 1);
        return new PublicPage(List.copyOf(page), new Cursor(last.publishedAt(), last.id()).encode());
    }

    /**
     * A search of the newest {@code :window} public videos after the cursor: their matches, newest first, up to
     * {@code :rows}. PostgreSQL walks the window only as far as it takes to find them, and filters it from the
     * listing's index alone, which holds each title (V104): only the matches' rows are read, by their ids. A window
     * read from the rows cost a heap page per video, about 2 ms for words rare among the newest 1,000 videos.
     */
    static String publicSearchInWindow(boolean after) {
        return "SELECT found.* FROM (SELECT id, created_at FROM ("
                + publicNewest("id, created_at, title", after, "window") + ") AS recent"
                + " WHERE title ILIKE :pattern ESCAPE '\\' ORDER BY created_at DESC, id DESC LIMIT :rows) AS hit"
                // LIMIT 1 keeps the lookup its own subquery: each match read by its id, in the window's order
                + " CROSS JOIN LATERAL (SELECT " + PUBLIC_COLUMNS + " FROM videos WHERE id = hit.id LIMIT 1) AS found"
                + " ORDER BY hit.created_at DESC, hit.id DESC";
    }

    /**
     * Every public match of {@code :pattern} after the cursor, newest first, up to {@code :rows}; nothing, without
     * reading a match, when fewer than {@code :window} public videos lie after the cursor: the window held them all,
     * so its search found every match. Ordered by an expression the (created_at, id) index does not give, so that
     * PostgreSQL reads the matches from the title's trigram index and sorts them rather than walk that index past
     * every video that does not match.
     */
    static String publicSearchByTitleIndex(boolean after) {
        return "SELECT " + PUBLIC_COLUMNS + " FROM videos WHERE " + publicAfter(after)
                + " AND title ILIKE :pattern ESCAPE '\\'"
                + " AND (SELECT count(*) FROM (" + publicNewest("1", after, "window") + ") AS recent) = :window"
                + " ORDER BY created_at + interval '0 seconds' DESC, id DESC LIMIT :rows";
    }

    /**
     * Every public match of {@code :pattern} after the cursor, newest first, up to {@code :rows}, found by the title's
     * trigram index for {@code :word} (a word of the pattern, rare among the titles) alone. The whole pattern is checked
     * on an expression of the title, which no index serves, so that PostgreSQL does not ask the index for the
     * pattern's other trigrams as well (they are the common ones). Ordered as {@link #publicSearchByTitleIndex} is, for
     * the same reason.
     */
    static String publicSearchByRareWord(boolean after) {
        return publicSearchByRareWord(after, NAMED);
    }

    /** {@link #publicSearchByRareWord(boolean)} with each value named by {@code value}. */
    private static String publicSearchByRareWord(boolean after, UnaryOperator<String> value) {
        return "SELECT " + PUBLIC_COLUMNS + " FROM videos WHERE " + publicAfter(after, value)
                + " AND title ILIKE " + value.apply("word") + " ESCAPE '\\'"
                + " AND (title || '') ILIKE " + value.apply("pattern") + " ESCAPE '\\'"
                + " ORDER BY created_at + interval '0 seconds' DESC, id DESC LIMIT " + value.apply("rows");
    }

    /** The newest public videos after the cursor, newest first, as many as the parameter {@code limit} names. */
    static String publicNewest(String columns, boolean after, String limit) {
        return publicNewest(columns, after, limit, NAMED);
    }

    private static String publicNewest(String columns, boolean after, String limit, UnaryOperator<String> value) {
        return "SELECT " + columns + " FROM videos WHERE " + publicAfter(after, value)
                + " ORDER BY created_at DESC, id DESC LIMIT " + value.apply(limit);
    }

    static String publicAfter(boolean after) {
        return publicAfter(after, NAMED);
    }

    private static String publicAfter(boolean after, UnaryOperator<String> value) {
        return "visibility = 'PUBLIC' AND state = 'READY'"
                + (after
                        ? " AND (created_at, id) < (" + value.apply("afterCreated") + ", " + value.apply("afterId")
                                + ")"
                        : "");
    }

    /** A value of a statement of named parameters: {@code :name}. */
    private static final UnaryOperator<String> NAMED = name -> ":" + name;

    /**
     * One page of the public listing that one statement answers: the newest public videos after the cursor, or a
     * search by a word rare among the titles ({@code word}: that word, {@code pattern}: the whole search, both LIKE
     * patterns; {@code null} for the listing). Compared by identity, as {@link PageRequest} is.
     */
    static final class PublicRequest {

        final String word;
        final String pattern;
        final Cursor after;
        final int limit;

        PublicRequest(String word, String pattern, Cursor after, int limit) {
            this.word = word;
            this.pattern = pattern;
            this.after = after;
            this.limit = limit;
        }
    }

    /** A public page's rows, one more than the page where there is a next: read with others where requests overlap. */
    private List<PublicVideo> publicPage(PublicRequest request) {
        return TransactionSynchronizationManager.isActualTransactionActive()
                // as for the owner's pages: a read in a transaction reads alone, on its own connection
                ? publicPages(List.of(request)).get(request)
                : publicReads.get(request);
    }

    /**
     * The rows of the given public pages (1 to {@link #PAGE_BATCH} requests), each up to its {@code limit + 1},
     * newest first: as {@link #pages} reads the owner's, a statement per {@link PublicShape} among them, a row of
     * {@code VALUES} per request and a {@code LATERAL} read of its page, with the plan a page read alone gets.
     */
    Map<PublicRequest, List<PublicVideo>> publicPages(List<PublicRequest> requests) {
        if (requests.isEmpty() || requests.size() > PAGE_BATCH) {
            throw new IllegalArgumentException("from 1 to " + PAGE_BATCH + " pages at a time, not " + requests.size());
        }
        Map<PublicRequest, List<PublicVideo>> pages = new IdentityHashMap<>();
        requests.forEach(request -> pages.put(request, new ArrayList<>(request.limit + 1)));
        requests.stream()
                .collect(Collectors.groupingBy(PublicShape::of, LinkedHashMap::new, Collectors.toList()))
                .forEach((shape, alike) -> {
                    int exponent = sizeExponent(alike.size());
                    List<Object> parameters = new ArrayList<>();
                    bindRows(alike, exponent, shape.columns(), parameters);
                    jdbc.sql(PUBLIC_STATEMENTS.get(shape).get(exponent))
                            .params(parameters)
                            .query(rs -> {
                                pages.get(alike.get(rs.getInt("n"))).add(publicVideo(rs));
                            });
                });
        return pages;
    }

    /** Which statement reads a public page: a search by a rare word or the listing, after a cursor or not. */
    private record PublicShape(boolean search, boolean after) {

        static PublicShape of(PublicRequest request) {
            return new PublicShape(request.word != null, request.after != null);
        }

        /** The values a request of this shape binds, in the order its statements name them. */
        List<Column<PublicRequest>> columns() {
            List<Column<PublicRequest>> columns = new ArrayList<>(List.of(PUBLIC_ROWS));
            if (search) {
                columns.addAll(List.of(WORD, PUBLIC_PATTERN));
            }
            if (after) {
                columns.addAll(PUBLIC_AFTER);
            }
            return columns;
        }

        /** The statement reading the pages of {@code size} requests of this shape. */
        String statement(int size) {
            UnaryOperator<String> value = name -> "r." + name;
            String page =
                    search ? publicSearchByRareWord(after, value) : publicNewest(PUBLIC_COLUMNS, after, "rows", value);
            return "SELECT r.n, v.* FROM " + valueRows(size, columns()) + " CROSS JOIN LATERAL (" + page + ") AS v"
                    + " ORDER BY r.n, v.created_at DESC, v.id DESC";
        }
    }

    private static final Column<PublicRequest> PUBLIC_ROWS = rows(request -> request.limit);
    private static final Column<PublicRequest> WORD = new Column<>("word", "text", "", request -> request.word);
    private static final Column<PublicRequest> PUBLIC_PATTERN =
            new Column<>("pattern", "text", "", request -> request.pattern);
    private static final List<Column<PublicRequest>> PUBLIC_AFTER = after(request -> request.after);

    /** Every public shape's statements for 1, 2, 4 ... {@link #PAGE_BATCH} requests, as {@link #STATEMENTS}. */
    private static final Map<PublicShape, List<String>> PUBLIC_STATEMENTS = Stream.of(
                    new PublicShape(false, false),
                    new PublicShape(false, true),
                    new PublicShape(true, false),
                    new PublicShape(true, true))
            .collect(Collectors.toUnmodifiableMap(Function.identity(), shape -> everySize(shape::statement)));

    private List<PublicVideo> publicVideos(String sql, Map<String, Object> params) {
        return jdbc.sql(sql).params(params).query((rs, n) -> publicVideo(rs)).list();
    }

    private static PublicVideo publicVideo(ResultSet rs) throws SQLException {
        return new PublicVideo(
                rs.getString("id"),
                rs.getString("title"),
                rs.getString("description"),
                (Long) rs.getObject("completion_duration_ms"),
                rs.getString("completion_poster_path"),
                rs.getTimestamp("created_at").toInstant());
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * A value a page's statement filters on, of a request {@code R}: its name, its SQL type, and what a row of no
     * request binds instead.
     */
    private record Column<R>(String name, String type, Object padding, Function<R, Object> value) {}

    /** {@code rows}: how many rows a request's page reads, one more than its {@code limit} (is there a next page?). */
    private static <R> Column<R> rows(ToIntFunction<R> limit) {
        return new Column<>("rows", "int", 0, request -> limit.applyAsInt(request) + 1);
    }

    /**
     * {@code afterCreated} and {@code afterId}: the cursor a request's page starts after, as the pages' shared
     * statements ({@link #publicAfter}, {@link Shape#owners}) name it.
     */
    private static <R> List<Column<R>> after(Function<R, Cursor> cursor) {
        return List.of(
                new Column<>(
                        "afterCreated",
                        "timestamptz",
                        Timestamp.from(Instant.EPOCH),
                        request -> Timestamp.from(cursor.apply(request).createdAt())),
                new Column<>(
                        "afterId", "text", "", request -> cursor.apply(request).id()));
    }

    /**
     * The exponent of the statement for {@code requests} requests: the next power of two at or above their number. The
     * rows beyond them ask for nothing (no owner, no rows), so that the server keeps one generic plan for each size.
     */
    private static int sizeExponent(int requests) {
        return Integer.SIZE - Integer.numberOfLeadingZeros(requests - 1);
    }

    /**
     * Binds the rows of {@code VALUES} of the statement for {@code 1 << exponent} requests ({@link #valueRows}): each
     * row's number and the request's columns, and the columns' padding on the rows beyond the requests.
     */
    private static <R> void bindRows(List<R> requests, int exponent, List<Column<R>> columns, List<Object> parameters) {
        for (int n = 0; n < 1 << exponent; n++) {
            R request = n < requests.size() ? requests.get(n) : null;
            parameters.add(n);
            for (Column<R> column : columns) {
                parameters.add(
                        request == null ? column.padding() : column.value().apply(request));
            }
        }
    }

    /** {@code (VALUES (?::int, ...), ...) AS r (n, ...)}: {@code size} rows of a number and the columns, as {@code r}. */
    private static String valueRows(int size, List<? extends Column<?>> columns) {
        String row = columns.stream()
                .map(column -> "?::" + column.type())
                .collect(Collectors.joining(", ", "(?::int, ", ")"));
        return "(VALUES " + String.join(", ", Collections.nCopies(size, row)) + ") AS r (n, "
                + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * A shape's statements for 1, 2, 4 ... {@link #PAGE_BATCH} requests. A statement of fixed arity is what lets the
     * server keep a generic plan for it (see {@link VideoStore#documents}).
     */
    private static List<String> everySize(IntFunction<String> statement) {
        return IntStream.iterate(1, size -> size <= PAGE_BATCH, size -> size * 2)
                .mapToObj(statement)
                .toList();
    }

    private static final Column<Filter> OWNER = new Column<>("owner", "text", "", Filter::ownerId);
    private static final Column<Filter> ROWS = rows(Filter::limit);
    private static final Column<Filter> STATE =
            new Column<>("state", "text", "", filter -> filter.state().name());
    private static final Column<Filter> PATTERN =
            new Column<>("pattern", "text", "", filter -> "%" + escapeLike(filter.query()) + "%");
    private static final List<Column<Filter>> AFTER = after(Filter::after);

    /** Which of the owner's list's filters a request uses: requests of one shape read their pages with one statement. */
    private record Shape(boolean state, boolean query, boolean after) {

        static Shape of(Filter filter) {
            return new Shape(filter.state() != null, filter.query() != null, filter.after() != null);
        }

        /** The values a request of this shape binds, in the order its statements name them. */
        List<Column<Filter>> columns() {
            List<Column<Filter>> columns = new ArrayList<>(List.of(OWNER, ROWS));
            if (state) {
                columns.add(STATE);
            }
            if (query) {
                columns.add(PATTERN);
            }
            if (after) {
                columns.addAll(AFTER);
            }
            return columns;
        }

        /** {@code filter}'s values by name, for a statement of named parameters. */
        Map<String, Object> values(Filter filter) {
            var values = new LinkedHashMap<String, Object>();
            columns().forEach(column -> values.put(column.name(), column.value().apply(filter)));
            return values;
        }

        /**
         * The owner's videos filtered as this shape says, newest first, one more than a page: the statement after
         * {@code FROM videos}, each value named by {@code value}.
         */
        String owners(UnaryOperator<String> value) {
            StringBuilder sql = new StringBuilder(" WHERE owner_id = ").append(value.apply("owner"));
            if (state) {
                sql.append(" AND state = ").append(value.apply("state"));
            }
            if (query) {
                // IS TRUE: the same test, in a form no index answers. Otherwise PostgreSQL may AND the trigram index
                // of every owner's titles (there for the public listing's search) with the owner's: with the
                // summaries in the listing index, its generic plan did, and read thousands of trigram matches and a
                // heap page per video where the owner's hundred index entries would do.
                sql.append(" AND (title ILIKE ").append(value.apply("pattern")).append(" ESCAPE '\\') IS TRUE");
            }
            if (after) {
                sql.append(" AND (created_at, id) < (")
                        .append(value.apply("afterCreated"))
                        .append(", ")
                        .append(value.apply("afterId"))
                        .append(")");
            }
            return sql.append(" ORDER BY created_at DESC, id DESC LIMIT ")
                    .append(value.apply("rows"))
                    .toString();
        }

        /** The statement reading the pages of {@code size} requests of this shape: see {@link #pages}. */
        String pages(int size) {
            return """
                    SELECT r.n, v.id, v.created_at, v.summary, v.document_version = ? AS current
                      FROM %s
                      CROSS JOIN LATERAL (SELECT id, created_at, summary, document_version FROM videos%s) AS v
                     ORDER BY r.n, v.created_at DESC, v.id DESC
                    """.formatted(valueRows(size, columns()), owners(name -> "r." + name));
        }
    }

    /** Every shape's statements for 1, 2, 4 ... {@link #PAGE_BATCH} requests ({@link #everySize}). */
    private static final Map<Shape, List<String>> STATEMENTS = IntStream.range(0, 8)
            .mapToObj(bits -> new Shape((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0))
            .collect(Collectors.toUnmodifiableMap(Function.identity(), shape -> everySize(shape::pages)));
}
