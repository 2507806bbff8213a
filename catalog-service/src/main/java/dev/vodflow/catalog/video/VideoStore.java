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
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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

    /** The video's JSON ({@link VideoDocuments}), written with every change and read only by {@link #document}. */
    private static final List<String> DOCUMENT_COLUMNS =
            List.of("document", "document_owner_fields", "summary", "document_version");

    private static final List<String> WRITTEN =
            Stream.concat(COLUMNS.stream(), DOCUMENT_COLUMNS.stream()).toList();

    /**
     * Positional, bound by {@link #bind}: a replay upserts tens of thousands of rows of 45 columns, and binding each
     * by name (a map per row, a lookup per column) was a quarter of the consumer thread's CPU.
     */
    private static final String UPSERT = "INSERT INTO videos (" + String.join(", ", WRITTEN) + ") VALUES ("
            + WRITTEN.stream().map(c -> "?").collect(Collectors.joining(", "))
            + ") ON CONFLICT (id) DO UPDATE SET "
            + WRITTEN.stream()
                    .filter(c -> !c.equals("id"))
                    .map(c -> c + " = EXCLUDED." + c)
                    .collect(Collectors.joining(", "));

    /**
     * A video row with its renditions and thumbnails in arrays; {@code %s}: its columns, the videos, then a WHERE
     * clause.
     */
    private static final String SELECT = """
                SELECT %s, r.kinds, r.widths, r.heights, r.bitrates, r.codecs, r.paths,
                       t.paths AS t_paths, t.times AS t_times, t.widths AS t_widths, t.heights AS t_heights
                  FROM %s
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
                 %s
                """;

    /** The model's columns (not the documents: a replay loads thousands of videos and never reads those). */
    private static final String MODEL = COLUMNS.stream().map(c -> "v." + c).collect(Collectors.joining(", "));

    private static final String FIND = SELECT.formatted(MODEL, "videos v", "WHERE v.id = :id");

    private static final String LOAD =
            SELECT.formatted(MODEL, "unnest(:ids) AS i (id) JOIN videos v ON v.id = i.id", "");

    /** How many ids one read of {@link #documentReads} takes; a page's worth of concurrent GETs at most. */
    private static final int DOCUMENT_BATCH = 64;

    /**
     * One read of documents at a time: GETs arriving while it runs are read together by the next. Measured on the dev
     * stack (two cores, GETs of random ids under 16 connections, alternated): 3,023-3,331 GETs/s with one at a time,
     * 2,854-3,001 with two, 2,360-2,574 with a statement per GET.
     */
    private static final int DOCUMENT_BATCHES = 1;

    /**
     * The documents of 1, 2, 4 ... {@link #DOCUMENT_BATCH} ids ({@code IN} of that many parameters; a batch is padded
     * by repeating its last id). A statement of fixed arity is what lets the server keep one generic plan for it: for
     * {@code id = ANY(?)} of an array the generic plan is costed for ten ids, never as cheap as a custom plan for the
     * one or two a batch mostly has, so the server would plan every execution again.
     */
    private static final List<String> DOCUMENTS = IntStream.iterate(1, n -> n <= DOCUMENT_BATCH, n -> n * 2)
            .mapToObj(n -> """
                    SELECT id, owner_id, visibility, document, document_owner_fields, document_version = ? AS current
                      FROM videos WHERE id IN (%s)
                    """.formatted(String.join(", ", Collections.nCopies(n, "?"))))
            .toList();

    private final NamedParameterJdbcTemplate jdbc;
    private final VideoDocuments documents;

    private final CoalescedReads<String, StoredDocument> documentReads;

    VideoStore(NamedParameterJdbcTemplate jdbc, VideoDocuments documents, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.documentReads = new CoalescedReads<>(
                this::documents, DOCUMENT_BATCH, DOCUMENT_BATCHES, readBatches("document", meters)::record);
    }

    /**
     * How many requests each coalesced read served ({@code vodflow_catalog_read_batch_requests}: its sum over its count
     * is the requests per read; 1 when requests come one at a time). A read is one statement; a read of pages is one
     * per shape of filters among them.
     */
    static DistributionSummary readBatches(String read, MeterRegistry meters) {
        return DistributionSummary.builder("vodflow.catalog.read.batch")
                .description("Requests served by one statement of a coalesced read")
                .baseUnit("requests")
                .tag("read", read)
                .register(meters);
    }

    /**
     * A video's stored JSON and what decides who may read it; {@code current} is false for a row whose document is
     * missing or of another version, which the caller then reads with {@link #find}.
     */
    record StoredDocument(String ownerId, Visibility visibility, VideoDocuments.Stored json, boolean current) {

        boolean visibleTo(String viewer) {
            return Video.visibleTo(ownerId, visibility, viewer);
        }
    }

    /**
     * What {@code GET /videos/{id}} reads: five columns of one row, found by its key. Concurrent GETs share a statement
     * ({@link CoalescedReads}): on two busy cores a statement's round trip and wake-ups cost the service and the
     * database more than the row itself.
     */
    Optional<StoredDocument> document(String id) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // a read in a transaction sees the transaction's own writes: it reads on its own connection, and never
            // reads other requests' ids on it
            return Optional.ofNullable(documents(List.of(id)).get(id));
        }
        return Optional.ofNullable(documentReads.get(id));
    }

    /**
     * The stored documents of the given videos (1 to {@link #DOCUMENT_BATCH} distinct ids), by id, in one statement;
     * ids without a row are left out.
     */
    Map<String, StoredDocument> documents(List<String> ids) {
        if (ids.isEmpty() || ids.size() > DOCUMENT_BATCH) {
            throw new IllegalArgumentException("from 1 to " + DOCUMENT_BATCH + " ids at a time, not " + ids.size());
        }
        // the statement of the next power of two at or above the batch's size: 2^exponent ids
        int exponent = Integer.SIZE - Integer.numberOfLeadingZeros(ids.size() - 1);
        int size = 1 << exponent;
        Map<String, StoredDocument> found = new HashMap<>();
        jdbc.getJdbcOperations()
                .query(
                        DOCUMENTS.get(exponent),
                        statement -> {
                            statement.setShort(1, VideoDocuments.VERSION);
                            for (int i = 0; i < size; i++) {
                                statement.setString(2 + i, ids.get(Math.min(i, ids.size() - 1)));
                            }
                        },
                        rs -> {
                            found.put(rs.getString("id"), storedDocument(rs));
                        });
        return found;
    }

    private static StoredDocument storedDocument(ResultSet rs) throws SQLException {
        return new StoredDocument(
                rs.getString("owner_id"),
                Visibility.valueOf(rs.getString("visibility")),
                // as the server sent them (UTF-8, the driver's client encoding), never decoded
                new VideoDocuments.Stored(rs.getBytes("document"), rs.getBytes("document_owner_fields")),
                rs.getBoolean("current"));
    }

    /**
     * One video: the statement of {@link #load} with {@code v.id = :id} for the list of ids. Not {@code load} of a
     * one-id list: PostgreSQL estimates {@code unnest} of an array parameter at ten rows in the generic plan of a
     * prepared statement, so that plan never looks as cheap as a custom plan that knows the array has one element, and
     * the server planned every GET by id again (checked with {@code pg_prepared_statements}: 0 generic plans of 20;
     * planning was most of the catalog's PostgreSQL CPU under wrk). With a plain parameter the generic plan costs the
     * same as a custom one and is kept after the fifth execution.
     */
    Optional<Video> find(String id) {
        return Optional.ofNullable(
                query(FIND, new MapSqlParameterSource("id", id)).get(id));
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
        return query(LOAD, new MapSqlParameterSource("ids", ids.toArray(String[]::new)));
    }

    private Map<String, Video> query(String sql, MapSqlParameterSource parameters) {
        Map<String, Video> found = new LinkedHashMap<>();
        jdbc.query(sql, parameters, (ResultSet rs) -> {
            found.put(rs.getString("id"), video(rs, renditions(rs), thumbnails(rs)));
        });
        return found;
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
        List<String> deletes = new ArrayList<>();
        List<String> renditionsGone = new ArrayList<>();
        List<String> thumbnailsGone = new ArrayList<>();
        List<Video> renditionsNew = new ArrayList<>();
        List<Video> thumbnailsNew = new ArrayList<>();
        for (Video old : before.values()) {
            if (!after.containsKey(old.id())) {
                deletes.add(old.id());
            }
        }
        for (Video video : after.values()) {
            Video old = before.get(video.id());
            if (video.equals(old)) {
                continue;
            }
            upserts.add(video);
            // Each child table is rewritten only when its rows changed, and emptied only when it had rows: in a
            // replay most videos gain their renditions in a later batch than their row, with nothing to delete.
            childRows(old, video, Video::renditions, renditionsGone, renditionsNew);
            childRows(old, video, Video::thumbnails, thumbnailsGone, thumbnailsNew);
        }
        // children go by ON DELETE CASCADE
        deleteAll("DELETE FROM videos v USING unnest(:ids) AS i (id) WHERE v.id = i.id", deletes);
        deleteAll(
                "DELETE FROM video_renditions r USING unnest(:ids) AS i (id) WHERE r.video_id = i.id", renditionsGone);
        deleteAll(
                "DELETE FROM video_thumbnails t USING unnest(:ids) AS i (id) WHERE t.video_id = i.id", thumbnailsGone);
        if (!upserts.isEmpty()) {
            jdbc.getJdbcOperations()
                    .batchUpdate(
                            UPSERT, upserts, upserts.size(), (ps, video) -> bind(ps, video, documents.render(video)));
        }
        insertChildren(
                "INSERT INTO video_renditions (video_id, ordinal, kind, width, height, bitrate, codecs, path)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                renditionsNew,
                Video::renditions,
                (row, r) -> {
                    row.text(r.kind().name());
                    row.value(r.width(), Types.INTEGER);
                    row.value(r.height(), Types.INTEGER);
                    row.value(r.bitrate(), Types.BIGINT);
                    row.text(r.codecs());
                    row.text(r.path());
                });
        insertChildren(
                "INSERT INTO video_thumbnails (video_id, ordinal, path, time_ms, width, height)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                thumbnailsNew,
                Video::thumbnails,
                (row, t) -> {
                    row.text(t.path());
                    row.value(t.timeMs(), Types.BIGINT);
                    row.value(t.width(), Types.INTEGER);
                    row.value(t.height(), Types.INTEGER);
                });
    }

    /**
     * Notes a child table's rows of {@code video} for rewriting when they differ from those of {@code old} (null: a new
     * video), and for deleting first when there were any.
     */
    private static <T> void childRows(
            Video old, Video video, Function<Video, List<T>> rows, List<String> gone, List<Video> written) {
        List<T> before = old == null ? List.of() : rows.apply(old);
        if (!before.equals(rows.apply(video))) {
            if (!before.isEmpty()) {
                gone.add(video.id());
            }
            written.add(video);
        }
    }

    /**
     * One statement for any number of ids, joined rather than matched with {@code ANY} for the reason
     * {@link Ledger#processed} gives.
     */
    private void deleteAll(String sql, List<String> ids) {
        if (!ids.isEmpty()) {
            jdbc.update(sql, new MapSqlParameterSource("ids", ids.toArray(String[]::new)));
        }
    }

    /** The {@code ordinal}-th child of a video, as one row of a child table. */
    private record Child<T>(String videoId, int ordinal, T value) {}

    /** A child's columns after its video id and ordinal, bound in the statement's order. */
    private interface ChildColumns<T> {
        void bind(Parameters row, T child) throws SQLException;
    }

    /**
     * Inserts the children of {@code videos} in one batch (the driver rewrites it into multi-row INSERTs), bound by
     * position like {@link #UPSERT}: a replay writes tens of thousands of child rows, and by name each cost a map and
     * a lookup per column.
     */
    private <T> void insertChildren(
            String sql, List<Video> videos, Function<Video, List<T>> children, ChildColumns<T> columns) {
        List<Child<T>> rows = new ArrayList<>();
        for (Video video : videos) {
            List<T> list = children.apply(video);
            for (int i = 0; i < list.size(); i++) {
                rows.add(new Child<>(video.id(), i, list.get(i)));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.getJdbcOperations().batchUpdate(sql, rows, rows.size(), (ps, child) -> {
            Parameters row = new Parameters(ps);
            row.text(child.videoId());
            row.value(child.ordinal(), Types.INTEGER);
            columns.bind(row, child.value());
        });
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

    /** Binds {@code v} and its document to {@link #UPSERT}'s parameters, in the order of {@link #WRITTEN}. */
    private static void bind(PreparedStatement ps, Video v, VideoDocuments.Rendered document) throws SQLException {
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
        row.text(document.document());
        row.text(document.ownerFields());
        row.text(document.summary());
        row.value(VideoDocuments.VERSION, Types.SMALLINT);
        row.expectAll(WRITTEN.size());
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
