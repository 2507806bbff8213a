package dev.vodflow.catalog.video;

import dev.vodflow.catalog.video.Video.Completion;
import dev.vodflow.catalog.video.Video.Failure;
import dev.vodflow.catalog.video.Video.Metadata;
import dev.vodflow.catalog.video.Video.Progress;
import dev.vodflow.catalog.video.Video.Rendition;
import dev.vodflow.catalog.video.Video.Thumbnail;
import dev.vodflow.catalog.video.Video.Upload;
import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import dev.vodflow.events.Visibility;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Videos in PostgreSQL, many at a time: one query per table to load a batch of videos, and batched
 * statements to write back only what changed (children are rewritten only when a transcode completes).
 * This is what lets a replay apply a poll's worth of events in a handful of round trips.
 */
@Component
class VideoStore {

    private static final List<String> COLUMNS = List.of(
            "id",
            "owner_id",
            "title",
            "description",
            "visibility",
            "state",
            "percent",
            "created_at",
            "updated_at",
            "upload_event_id",
            "upload_occurred_at",
            "upload_title",
            "upload_original_file_name",
            "upload_content_type",
            "upload_bucket",
            "upload_key",
            "upload_size",
            "progress_event_id",
            "progress_occurred_at",
            "progress_job_id",
            "progress_percent",
            "progress_phase",
            "completion_event_id",
            "completion_occurred_at",
            "completion_job_id",
            "completion_duration_ms",
            "completion_source_width",
            "completion_source_height",
            "completion_hls_master_path",
            "completion_poster_path",
            "completion_dash_manifest_path",
            "completion_storyboard_path",
            "failure_event_id",
            "failure_occurred_at",
            "failure_job_id",
            "failure_error_code",
            "failure_message",
            "failure_attempt",
            "failure_retryable",
            "metadata_event_id",
            "metadata_occurred_at",
            "metadata_title",
            "metadata_description",
            "metadata_visibility",
            "metadata_downloadable");

    /**
     * Positional, bound by {@link #bind}: a replay upserts tens of thousands of rows of 45 columns, and binding each
     * by name (a map per row, a lookup per column) was a quarter of the consumer thread's CPU.
     */
    private static final String UPSERT = "INSERT INTO videos (" + String.join(", ", COLUMNS) + ") VALUES ("
            + COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "))
            + ") ON CONFLICT (id) DO UPDATE SET "
            + COLUMNS.stream()
                    .filter(c -> !c.equals("id"))
                    .map(c -> c + " = EXCLUDED." + c)
                    .collect(Collectors.joining(", "));

    private final NamedParameterJdbcTemplate jdbc;

    VideoStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Video> find(String id) {
        return Optional.ofNullable(load(List.of(id)).get(id));
    }

    /**
     * The videos among {@code ids} that exist, by id: one statement (one round trip, one snapshot), each video's
     * renditions and thumbnails in arrays beside its row. The ids are joined rather than matched with {@code ANY}, for
     * the reason {@link Ledger#processed} gives.
     */
    Map<String, Video> load(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Video> videos = new LinkedHashMap<>();
        jdbc.query("""
                SELECT v.*, r.kinds, r.widths, r.heights, r.bitrates, r.codecs, r.paths,
                       t.paths AS t_paths, t.times AS t_times, t.widths AS t_widths, t.heights AS t_heights
                  FROM unnest(:ids) AS i (id)
                  JOIN videos v ON v.id = i.id
                  LEFT JOIN LATERAL (
                       SELECT array_agg(kind::text ORDER BY ordinal) AS kinds, array_agg(width ORDER BY ordinal) AS widths,
                              array_agg(height ORDER BY ordinal) AS heights,
                              array_agg(bitrate ORDER BY ordinal) AS bitrates,
                              array_agg(codecs ORDER BY ordinal) AS codecs, array_agg(path ORDER BY ordinal) AS paths
                         FROM video_renditions WHERE video_id = v.id) r ON true
                  LEFT JOIN LATERAL (
                       SELECT array_agg(path ORDER BY ordinal) AS paths, array_agg(time_ms ORDER BY ordinal) AS times,
                              array_agg(width ORDER BY ordinal) AS widths,
                              array_agg(height ORDER BY ordinal) AS heights
                         FROM video_thumbnails WHERE video_id = v.id) t ON true
                """, new MapSqlParameterSource("ids", ids.toArray(String[]::new)), (ResultSet rs) -> {
            videos.put(rs.getString("id"), video(rs, renditions(rs), thumbnails(rs)));
        });
        return videos;
    }

    private static List<Rendition> renditions(ResultSet rs) throws SQLException {
        String[] kinds = array(rs, "kinds", String[].class);
        if (kinds == null) {
            return List.of();
        }
        Integer[] widths = array(rs, "widths", Integer[].class);
        Integer[] heights = array(rs, "heights", Integer[].class);
        Long[] bitrates = array(rs, "bitrates", Long[].class);
        String[] codecs = array(rs, "codecs", String[].class);
        String[] paths = array(rs, "paths", String[].class);
        List<Rendition> renditions = new ArrayList<>(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            renditions.add(new Rendition(
                    RenditionKind.valueOf(kinds[i]), widths[i], heights[i], bitrates[i], codecs[i], paths[i]));
        }
        return renditions;
    }

    private static List<Thumbnail> thumbnails(ResultSet rs) throws SQLException {
        String[] paths = array(rs, "t_paths", String[].class);
        if (paths == null) {
            return List.of();
        }
        Long[] times = array(rs, "t_times", Long[].class);
        Integer[] widths = array(rs, "t_widths", Integer[].class);
        Integer[] heights = array(rs, "t_heights", Integer[].class);
        List<Thumbnail> thumbnails = new ArrayList<>(paths.length);
        for (int i = 0; i < paths.length; i++) {
            thumbnails.add(new Thumbnail(paths[i], times[i], widths[i], heights[i]));
        }
        return thumbnails;
    }

    private static <T> T array(ResultSet rs, String column, Class<T> type) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? null : type.cast(array.getArray());
    }

    /**
     * Writes the difference between {@code before} and {@code after} (both by id; absent from {@code after}
     * means deleted).
     */
    void write(Map<String, Video> before, Map<String, Video> after) {
        List<Video> upserts = new ArrayList<>();
        List<SqlParameterSource> childrenGone = new ArrayList<>();
        List<SqlParameterSource> renditionRows = new ArrayList<>();
        List<SqlParameterSource> thumbnailRows = new ArrayList<>();
        List<SqlParameterSource> deletes = new ArrayList<>();
        for (Video old : before.values()) {
            if (!after.containsKey(old.id())) {
                deletes.add(new MapSqlParameterSource("id", old.id()));
            }
        }
        for (Video video : after.values()) {
            Video old = before.get(video.id());
            if (video.equals(old)) {
                continue;
            }
            upserts.add(video);
            boolean childrenChanged = old == null
                    || !old.renditions().equals(video.renditions())
                    || !old.thumbnails().equals(video.thumbnails());
            if (!childrenChanged) {
                continue;
            }
            if (old != null) {
                childrenGone.add(new MapSqlParameterSource("id", video.id()));
            }
            for (int i = 0; i < video.renditions().size(); i++) {
                Rendition r = video.renditions().get(i);
                renditionRows.add(new MapSqlParameterSource()
                        .addValue("video", video.id())
                        .addValue("ordinal", i)
                        .addValue("kind", r.kind().name())
                        .addValue("width", r.width())
                        .addValue("height", r.height())
                        .addValue("bitrate", r.bitrate())
                        .addValue("codecs", r.codecs())
                        .addValue("path", r.path()));
            }
            for (int i = 0; i < video.thumbnails().size(); i++) {
                Thumbnail t = video.thumbnails().get(i);
                thumbnailRows.add(new MapSqlParameterSource()
                        .addValue("video", video.id())
                        .addValue("ordinal", i)
                        .addValue("path", t.path())
                        .addValue("time", t.timeMs())
                        .addValue("width", t.width())
                        .addValue("height", t.height()));
            }
        }
        batch("DELETE FROM videos WHERE id = :id", deletes); // children go by ON DELETE CASCADE
        batch("DELETE FROM video_renditions WHERE video_id = :id", childrenGone);
        batch("DELETE FROM video_thumbnails WHERE video_id = :id", childrenGone);
        if (!upserts.isEmpty()) {
            jdbc.getJdbcOperations().batchUpdate(UPSERT, upserts, upserts.size(), VideoStore::bind);
        }
        batch("""
                INSERT INTO video_renditions (video_id, ordinal, kind, width, height, bitrate, codecs, path)
                VALUES (:video, :ordinal, :kind, :width, :height, :bitrate, :codecs, :path)
                """, renditionRows);
        batch("""
                INSERT INTO video_thumbnails (video_id, ordinal, path, time_ms, width, height)
                VALUES (:video, :ordinal, :path, :time, :width, :height)
                """, thumbnailRows);
    }

    private void batch(String sql, List<SqlParameterSource> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows.toArray(SqlParameterSource[]::new));
        }
    }

    private static Video video(ResultSet rs, List<Rendition> renditions, List<Thumbnail> thumbnails)
            throws SQLException {
        Upload upload = rs.getString("upload_event_id") == null
                ? null
                : new Upload(
                        rs.getString("upload_event_id"),
                        instant(rs, "upload_occurred_at"),
                        rs.getString("upload_title"),
                        rs.getString("upload_original_file_name"),
                        rs.getString("upload_content_type"),
                        rs.getString("upload_bucket"),
                        rs.getString("upload_key"),
                        rs.getObject("upload_size", Long.class));
        Progress progress = rs.getString("progress_event_id") == null
                ? null
                : new Progress(
                        rs.getString("progress_event_id"),
                        instant(rs, "progress_occurred_at"),
                        rs.getString("progress_job_id"),
                        rs.getObject("progress_percent", Integer.class),
                        rs.getString("progress_phase"));
        Completion completion = rs.getString("completion_event_id") == null
                ? null
                : new Completion(
                        rs.getString("completion_event_id"),
                        instant(rs, "completion_occurred_at"),
                        rs.getString("completion_job_id"),
                        rs.getObject("completion_duration_ms", Long.class),
                        rs.getObject("completion_source_width", Integer.class),
                        rs.getObject("completion_source_height", Integer.class),
                        rs.getString("completion_hls_master_path"),
                        rs.getString("completion_poster_path"),
                        rs.getString("completion_dash_manifest_path"),
                        rs.getString("completion_storyboard_path"));
        Failure failure = rs.getString("failure_event_id") == null
                ? null
                : new Failure(
                        rs.getString("failure_event_id"),
                        instant(rs, "failure_occurred_at"),
                        rs.getString("failure_job_id"),
                        rs.getString("failure_error_code"),
                        rs.getString("failure_message"),
                        rs.getObject("failure_attempt", Integer.class),
                        rs.getObject("failure_retryable", Boolean.class));
        Metadata metadata = rs.getString("metadata_event_id") == null
                ? null
                : new Metadata(
                        rs.getString("metadata_event_id"),
                        instant(rs, "metadata_occurred_at"),
                        rs.getString("metadata_title"),
                        rs.getString("metadata_description"),
                        enumOrNull(rs.getString("metadata_visibility")),
                        rs.getObject("metadata_downloadable", Boolean.class));
        return new Video(
                rs.getString("id"),
                rs.getString("owner_id"),
                rs.getString("title"),
                rs.getString("description"),
                Visibility.valueOf(rs.getString("visibility")),
                VideoState.valueOf(rs.getString("state")),
                rs.getInt("percent"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                upload,
                progress,
                completion,
                failure,
                metadata,
                renditions,
                thumbnails);
    }

    /** Binds {@code v} to {@link #UPSERT}'s parameters, in the order of {@link #COLUMNS}. */
    private static void bind(PreparedStatement ps, Video v) throws SQLException {
        Upload u = v.upload();
        Progress p = v.progress();
        Completion c = v.completion();
        Failure f = v.failure();
        Metadata m = v.metadata();
        Parameters row = new Parameters(ps);
        row.text(v.id());
        row.text(v.ownerId());
        row.text(v.title());
        row.text(v.description());
        row.text(v.visibility().name());
        row.text(v.state().name());
        row.value(v.percent(), Types.SMALLINT);
        row.time(v.createdAt());
        row.time(v.updatedAt());
        row.text(u == null ? null : u.eventId());
        row.time(u == null ? null : u.occurredAt());
        row.text(u == null ? null : u.title());
        row.text(u == null ? null : u.originalFileName());
        row.text(u == null ? null : u.contentType());
        row.text(u == null ? null : u.bucket());
        row.text(u == null ? null : u.key());
        row.value(u == null ? null : u.size(), Types.BIGINT);
        row.text(p == null ? null : p.eventId());
        row.time(p == null ? null : p.occurredAt());
        row.text(p == null ? null : p.jobId());
        row.value(p == null ? null : p.percent(), Types.SMALLINT);
        row.text(p == null ? null : p.phase());
        row.text(c == null ? null : c.eventId());
        row.time(c == null ? null : c.occurredAt());
        row.text(c == null ? null : c.jobId());
        row.value(c == null ? null : c.durationMs(), Types.BIGINT);
        row.value(c == null ? null : c.sourceWidth(), Types.INTEGER);
        row.value(c == null ? null : c.sourceHeight(), Types.INTEGER);
        row.text(c == null ? null : c.hlsMasterPath());
        row.text(c == null ? null : c.posterPath());
        row.text(c == null ? null : c.dashManifestPath());
        row.text(c == null ? null : c.storyboardPath());
        row.text(f == null ? null : f.eventId());
        row.time(f == null ? null : f.occurredAt());
        row.text(f == null ? null : f.jobId());
        row.text(f == null ? null : f.errorCode());
        row.text(f == null ? null : f.message());
        row.value(f == null ? null : f.attempt(), Types.INTEGER);
        row.value(f == null ? null : f.retryable(), Types.BOOLEAN);
        row.text(m == null ? null : m.eventId());
        row.time(m == null ? null : m.occurredAt());
        row.text(m == null ? null : m.title());
        row.text(m == null ? null : m.description());
        row.text(m == null || m.visibility() == null ? null : m.visibility().name());
        row.value(m == null ? null : m.downloadable(), Types.BOOLEAN);
        row.expectAll(COLUMNS.size());
    }

    /** A statement's parameters set one after the other, each with its type (a null then needs no lookup). */
    private static final class Parameters {

        private final PreparedStatement ps;
        private int index;

        Parameters(PreparedStatement ps) {
            this.ps = ps;
        }

        void text(String value) throws SQLException {
            ps.setObject(++index, value, Types.VARCHAR);
        }

        void time(Instant value) throws SQLException {
            // both ways the driver leaves the type to the server (timestamp or timestamptz), so the
            // statement's parameter types, and with them its server-side prepared plan, do not vary with nulls
            if (value == null) {
                ps.setNull(++index, Types.TIMESTAMP);
            } else {
                ps.setTimestamp(++index, Timestamp.from(value));
            }
        }

        void value(Object value, int sqlType) throws SQLException {
            ps.setObject(++index, value, sqlType);
        }

        void expectAll(int count) {
            if (index != count) {
                throw new IllegalStateException("bound " + index + " parameters for " + count + " columns");
            }
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Visibility enumOrNull(String name) {
        return name == null ? null : Visibility.valueOf(name);
    }
}
