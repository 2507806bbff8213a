package dev.vodflow.catalog.video;

import dev.vodflow.catalog.video.VideoViews.PublicPage;
import dev.vodflow.catalog.video.VideoViews.PublicVideo;
import dev.vodflow.catalog.video.VideoViews.VideoPage;
import dev.vodflow.catalog.video.VideoViews.VideoSummary;
import dev.vodflow.events.Visibility;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The lists. The owner's list: newest first, keyset pagination on (created_at, id) so that a page costs the same
 * however deep it is, served by the (owner_id[, state], created_at DESC, id DESC) indexes. The public listing pages the same way over a
 * partial index of PUBLIC, READY videos. Each page is one statement, outside any transaction (a read-only one would
 * add a round trip per request for nothing: a statement sees one snapshot anyway).
 */
@Component
class VideoQueries {

    private final JdbcClient jdbc;

    VideoQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Filter(String ownerId, VideoState state, String query, Cursor after, int limit) {}

    VideoPage list(Filter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, title, visibility, state, percent, completion_duration_ms, completion_poster_path,
                       created_at, updated_at
                  FROM videos
                 WHERE owner_id = :owner
                """);
        var statement = new LinkedHashMap<String, Object>();
        statement.put("owner", filter.ownerId());
        if (filter.state() != null) {
            sql.append(" AND state = :state");
            statement.put("state", filter.state().name());
        }
        if (filter.query() != null) {
            sql.append(" AND title ILIKE :pattern ESCAPE '\\'");
            statement.put("pattern", "%" + escapeLike(filter.query()) + "%");
        }
        if (filter.after() != null) {
            sql.append(" AND (created_at, id) < (:afterCreated, :afterId)");
            statement.put("afterCreated", Timestamp.from(filter.after().createdAt()));
            statement.put("afterId", filter.after().id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        statement.put("limit", filter.limit() + 1);
        List<VideoSummary> rows = jdbc.sql(sql.toString())
                .params(statement)
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
