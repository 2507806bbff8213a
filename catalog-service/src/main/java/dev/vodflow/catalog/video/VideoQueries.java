package dev.vodflow.catalog.video;

import dev.vodflow.catalog.video.VideoViews.PublicPage;
import dev.vodflow.catalog.video.VideoViews.PublicVideo;
import dev.vodflow.catalog.video.VideoViews.VideoPage;
import dev.vodflow.catalog.video.VideoViews.VideoSummary;
import dev.vodflow.events.Visibility;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lists. The owner's list: newest first, keyset pagination on (created_at, id) so that a page costs the same
 * however deep it is, served by the (owner_id[, state], created_at DESC, id DESC) indexes, its videos' summaries
 * stored ready in the first of them ({@link #page}). The public listing pages the same way over a partial index of
 * PUBLIC, READY videos. Each page is one statement, outside any transaction (a read-only one would add a round trip
 * per request for nothing: a statement sees one snapshot anyway).
 */
@Component
class VideoQueries {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    VideoQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Filter(String ownerId, VideoState state, String query, Cursor after, int limit) {}

    /**
     * A page of the owner's list as the JSON the API returns: the videos' stored summaries joined, from the listing
     * index alone. The summaries are copied as the server sends them (UTF-8, as the driver always asks for), never
     * decoded, and only the row that becomes the cursor has its timestamp read. A page with a video whose summary is
     * missing or of another version (written before V103, or behind the service's back, and not rendered yet by
     * {@link DueDocuments}) is read again with {@link #list} and written.
     */
    byte[] page(Filter filter) {
        record Row(String id, Instant createdAt, byte[] summary, boolean current) {}
        int last = filter.limit() - 1;
        Statement statement = owners("id, created_at, summary, document_version = :version AS current", filter);
        statement.parameters().put("version", VideoDocuments.VERSION);
        List<Row> rows = jdbc.sql(statement.sql())
                .params(statement.parameters())
                .query((rs, n) -> new Row(
                        rs.getString(1),
                        n == last ? rs.getTimestamp(2).toInstant() : null,
                        rs.getBytes(3),
                        rs.getBoolean(4)))
                .list();
        if (!rows.stream().allMatch(Row::current)) {
            return json.writeValueAsBytes(list(filter));
        }
        Row cursor = rows.size() > filter.limit() ? rows.get(last) : null;
        return VideoDocuments.page(
                rows.stream().limit(filter.limit()).map(Row::summary).toList(),
                cursor == null ? null : new Cursor(cursor.createdAt(), cursor.id()).encode());
    }

    VideoPage list(Filter filter) {
        Statement statement = owners("""
                id, title, visibility, state, percent, completion_duration_ms, completion_poster_path, created_at,
                updated_at
                """, filter);
        List<VideoSummary> rows = jdbc.sql(statement.sql())
                .params(statement.parameters())
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

    /** A statement and its parameters by name. */
    private record Statement(String sql, Map<String, Object> parameters) {}

    /**
     * The owner's videos with {@code columns}, filtered by state, title and cursor as {@code filter} says, newest first,
     * one more than a page (the extra row tells there is a next page).
     */
    private static Statement owners(String columns, Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM videos WHERE owner_id = :owner");
        var parameters = new LinkedHashMap<String, Object>();
        parameters.put("owner", filter.ownerId());
        if (filter.state() != null) {
            sql.append(" AND state = :state");
            parameters.put("state", filter.state().name());
        }
        if (filter.query() != null) {
            // IS TRUE: the same test, in a form no index answers. Otherwise PostgreSQL may AND the trigram index of
            // every owner's titles (there for the public listing's search) with the owner's: with the summaries in the
            // listing index, its generic plan did, and read thousands of trigram matches and a heap page per video
            // where the owner's hundred index entries would do.
            sql.append(" AND (title ILIKE :pattern ESCAPE '\\') IS TRUE");
            parameters.put("pattern", "%" + escapeLike(filter.query()) + "%");
        }
        if (filter.after() != null) {
            sql.append(" AND (created_at, id) < (:afterCreated, :afterId)");
            parameters.put("afterCreated", Timestamp.from(filter.after().createdAt()));
            parameters.put("afterId", filter.after().id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        parameters.put("limit", filter.limit() + 1);
        return new Statement(sql.toString(), parameters);
    }

    /**
     * Everyone's PUBLIC and READY videos, newest first, served by the partial index on (created_at DESC, id DESC).
     *
     * @param query words of the title, or {@code null} for all
     */
    PublicPage listPublic(String query, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, title, description, completion_duration_ms, completion_poster_path, created_at
                  FROM videos
                 WHERE visibility = 'PUBLIC' AND state = 'READY'
                """);
        var statement = new LinkedHashMap<String, Object>();
        if (query != null) {
            sql.append(" AND title ILIKE :pattern ESCAPE '\\'");
            statement.put("pattern", "%" + escapeLike(query) + "%");
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (:afterCreated, :afterId)");
            statement.put("afterCreated", Timestamp.from(after.createdAt()));
            statement.put("afterId", after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        statement.put("limit", limit + 1);
        List<PublicVideo> rows = jdbc.sql(sql.toString())
                .params(statement)
                .query((rs, n) -> new PublicVideo(
                        rs.getString("id"),
                        rs.getString("title"),
                        rs.getString("description"),
                        (Long) rs.getObject("completion_duration_ms"),
                        rs.getString("completion_poster_path"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
        if (rows.size() <= limit) {
            return new PublicPage(rows, null);
        }
        List<PublicVideo> page = rows.subList(0, limit);
        PublicVideo last = page.get(page.size() - 1);
        return new PublicPage(List.copyOf(page), new Cursor(last.publishedAt(), last.id()).encode());
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
