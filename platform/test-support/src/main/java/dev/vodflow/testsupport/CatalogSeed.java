package dev.vodflow.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The catalog's benchmark data set, straight into its tables (SQL, not events: 100,000 videos through Kafka would
 * measure the replay, which has a figure of its own): {@value #VIDEOS} READY public videos {@code bench-000001} ...,
 * 1,000 owners with 100 videos each, 3 renditions and 3 thumbnails apiece. Written for the catalog's schema; one
 * place so that the catalog's own benchmark and the whole-stack one measure the same data.
 */
public final class CatalogSeed {

    public static final int VIDEOS = 100_000;

    private CatalogSeed() {}

    /**
     * Adds the videos unless {@code bench-000001} is there already (a second run on the same database measures the
     * same data).
     *
     * @param firstOwner the owner of every 1,000th video (100 of them), so that a real user of the stack lists a
     *     full page; the others belong to {@code bench-owner-1} ... {@code bench-owner-999}
     * @return true if it added them
     */
    public static boolean seed(Connection connection, String firstOwner) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM videos WHERE id = 'bench-000001'")) {
            if (exists.executeQuery().next()) {
                return false;
            }
        }
        try (PreparedStatement videos = connection.prepareStatement("""
                        INSERT INTO videos (id, owner_id, title, visibility, state, percent, created_at, updated_at,
                            upload_event_id, upload_occurred_at, upload_title, upload_original_file_name,
                            upload_content_type, upload_bucket, upload_key, upload_size,
                            completion_event_id, completion_occurred_at, completion_job_id, completion_duration_ms,
                            completion_source_width, completion_source_height, completion_hls_master_path,
                            completion_poster_path,
                            metadata_event_id, metadata_occurred_at, metadata_title, metadata_visibility)
                        SELECT id, CASE WHEN i % 1000 = 0 THEN ? ELSE 'bench-owner-' || (i % 1000) END,
                               'Benchmark video ' || i, 'PUBLIC', 'READY', 100,
                               ts, ts + interval '2 minutes',
                               md5('u' || i), ts, 'Benchmark video ' || i, 'clip-' || i || '.mp4',
                               'video/mp4', 'vodflow-media', 'input/' || id || '/source', 50000000,
                               md5('c' || i), ts + interval '1 minute', 'job-' || i, 60000,
                               1920, 1080, 'output/' || id || '/hls/master.m3u8',
                               'output/' || id || '/thumbnails/t.0000001.jpg',
                               md5('m' || i), ts + interval '2 minutes', 'Benchmark video ' || i, 'PUBLIC'
                          FROM (SELECT i, 'bench-' || lpad(i::text, 6, '0') AS id,
                                       timestamptz '2026-01-01' + i * interval '1 second' AS ts
                                  FROM generate_series(1, 100000) AS i) AS s
                        """)) {
            videos.setString(1, firstOwner);
            videos.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO video_renditions (video_id, ordinal, kind, width, height, bitrate, codecs, path)
                    SELECT 'bench-' || lpad(i::text, 6, '0'), r, CASE WHEN r = 2 THEN 'MP4' ELSE 'HLS' END,
                           640 * (r + 1), 360 * (r + 1), 800000 * (r + 1), 'avc1.64001f,mp4a.40.2',
                           'output/bench-' || lpad(i::text, 6, '0') || '/hls/' || r || '.m3u8'
                      FROM generate_series(1, 100000) AS i, generate_series(0, 2) AS r
                    """);
            statement.executeUpdate("""
                    INSERT INTO video_thumbnails (video_id, ordinal, path, time_ms, width, height)
                    SELECT 'bench-' || lpad(i::text, 6, '0'), t,
                           'output/bench-' || lpad(i::text, 6, '0') || '/thumbnails/t.000000' || t || '.jpg',
                           t * 5000, 640, 360
                      FROM generate_series(1, 100000) AS i, generate_series(0, 2) AS t
                    """);
            // what autovacuum would have done by the time a real catalog of this size is read: statistics, and the
            // visibility map that lets the owner's list and search read the covering index without the heap
            statement.execute("VACUUM (ANALYZE) videos, video_renditions, video_thumbnails");
        }
        return true;
    }
}
