package dev.vodflow.playback.video;

import dev.vodflow.events.Visibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The videos viewers ask for (playback sessions, renewals, downloads). Each lookup is one statement outside any
 * transaction (the repository's {@code findById} ran in a read-only transaction: a second round trip for its
 * {@code COMMIT}), and a video that is playable is kept for a moment: a premiere sends thousands of viewers to one
 * video within seconds, and a profile of playback sessions under wrk had the lookup at 29 % of the service's CPU
 * plus most of PostgreSQL's.
 *
 * <p>What is kept, and for how long ({@code vodflow.playback.video-cache.ttl}, default 1 s; 0 turns it off):
 * <ul>
 *   <li>only playable videos. A video that becomes playable is found by the very next request, on every instance;
 *   <li>this instance's projection forgets a video as soon as its change commits ({@link #forget}), so here a video
 *       made private or deleted is refused from the next request on. Another instance's copy may answer for up to the
 *       ttl after its own projection would have: much less than the lifetime of cookies already handed out, which no
 *       change recalls either, and of the order of the topics' own delay;
 *   <li>at most {@code vodflow.playback.video-cache.max-videos} (default 10,000) videos; when full, expired ones are
 *       dropped (at most once per ttl), and while the map is still full nothing more is kept.
 * </ul>
 */
@Component
public class PlayableVideos {

    private final JdbcClient jdbc;
    private final long ttlNanos;
    private final int maxVideos;
    private final ConcurrentHashMap<String, Kept> recent = new ConcurrentHashMap<>();
    /** Bumped by every {@link #forget}: a lookup that overlapped one keeps nothing, as it may have read the old row. */
    private final AtomicLong forgotten = new AtomicLong();
    /** When the kept videos were last swept for expired ones: a full map is swept once per ttl, not per lookup. */
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    PlayableVideos(
            JdbcClient jdbc,
            @Value("${vodflow.playback.video-cache.ttl:1s}") Duration ttl,
            @Value("${vodflow.playback.video-cache.max-videos:10000}") int maxVideos) {
        if (ttl.isNegative() || maxVideos < 0) {
            throw new IllegalArgumentException(
                    "vodflow.playback.video-cache.ttl and max-videos must not be negative: " + ttl + ", " + maxVideos);
        }
        this.jdbc = jdbc;
        this.ttlNanos = ttl.toNanos();
        this.maxVideos = maxVideos;
    }

    public Optional<PlayableVideo> find(String videoId) {
        long now = System.nanoTime();
        Kept kept = recent.get(videoId);
        if (kept != null && now - kept.at() < ttlNanos) {
            return Optional.of(kept.video());
        }
        long before = forgotten.get();
        Optional<PlayableVideo> video =
                jdbc.sql("""
                        SELECT video_id, owner_id, visibility, master_path, ready, deleted, visibility_at, ready_at,
                               deleted_at, download_path, downloadable
                          FROM playable_video WHERE video_id = ?
                        """).param(videoId).query(PlayableVideos::row).optional();
        if (kept != null) {
            recent.remove(videoId, kept); // expired: it must not hold a slot, whatever is kept instead
        }
        if (video.isPresent() && video.get().playable() && ttlNanos > 0 && room(now)) {
            recent.put(videoId, new Kept(video.get(), now));
            if (forgotten.get() != before) {
                recent.remove(videoId);
            }
        }
        return video;
    }

    /** Called once a change to the video has committed: the next lookup here reads the row again. */
    public void forget(String videoId) {
        forgotten.incrementAndGet();
        recent.remove(videoId);
    }

    /** Whether another video may be kept; when full, the expired ones are dropped, at most once per ttl. */
    private boolean room(long now) {
        if (recent.size() < maxVideos) {
            return true;
        }
        long last = lastSweep.get();
        if (now - last >= ttlNanos && lastSweep.compareAndSet(last, now)) {
            recent.values().removeIf(kept -> now - kept.at() >= ttlNanos);
        }
        return recent.size() < maxVideos;
    }

    private static PlayableVideo row(ResultSet rs, int n) throws SQLException {
        return new PlayableVideo(
                rs.getString("video_id"),
                rs.getString("owner_id"),
                Visibility.valueOf(rs.getString("visibility")),
                rs.getString("master_path"),
                rs.getBoolean("ready"),
                rs.getBoolean("deleted"),
                instant(rs, "visibility_at"),
                instant(rs, "ready_at"),
                instant(rs, "deleted_at"),
                rs.getString("download_path"),
                rs.getBoolean("downloadable"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private record Kept(PlayableVideo video, long at) {}
}
