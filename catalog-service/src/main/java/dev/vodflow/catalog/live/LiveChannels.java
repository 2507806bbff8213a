package dev.vodflow.catalog.live;

import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveRecorded;
import dev.vodflow.events.LiveStarted;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The channel list. Every write is one upsert that keeps the newest start or end (by the time it happened), so the
 * topics may arrive in any order and a replay ends in the same rows; a redelivered event changes nothing.
 */
@Repository
class LiveChannels {

    /** What a viewer sees of a channel. */
    record LiveChannel(
            String channelId,
            String ownerId,
            String title,
            String state,
            String broadcastId,
            String playlistPath,
            String recordingId,
            Instant changedAt) {}

    private static final String UPSERT = """
            insert into live_channel (channel_id, owner_id, title, state, broadcast_id, playlist_path, changed_at)
            values (:channelId, :ownerId, :title, :state, :broadcastId, :playlistPath, :at)
            on conflict (channel_id) do update
              set owner_id = excluded.owner_id,
                  title = coalesce(excluded.title, live_channel.title),
                  state = excluded.state,
                  broadcast_id = excluded.broadcast_id,
                  playlist_path = excluded.playlist_path,
                  changed_at = excluded.changed_at
              where live_channel.changed_at < excluded.changed_at
            """;

    private final NamedParameterJdbcTemplate jdbc;

    LiveChannels(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void started(LiveStarted event) {
        upsert(
                event.channelId(),
                event.ownerId(),
                event.title(),
                "LIVE",
                event.videoId(),
                event.playlistPath(),
                event.occurredAt());
    }

    void ended(LiveEnded event) {
        upsert(
                event.channelId(),
                event.ownerId(),
                null,
                "ENDED",
                event.videoId(),
                "live/" + event.channelId() + "/master.m3u8",
                event.occurredAt());
    }

    /** The recording of the broadcast kept here (an older broadcast's recording does not replace it). */
    void recorded(LiveRecorded event) {
        jdbc.update(
                "update live_channel set recording_id = :videoId where channel_id = :channelId"
                        + " and broadcast_id = :videoId",
                Map.of("videoId", event.videoId(), "channelId", event.channelId()));
    }

    private void upsert(
            String channelId,
            String ownerId,
            String title,
            String state,
            String broadcastId,
            String playlistPath,
            Instant at) {
        var params = new java.util.HashMap<String, Object>();
        params.put("channelId", channelId);
        params.put("ownerId", ownerId);
        params.put("title", title);
        params.put("state", state);
        params.put("broadcastId", broadcastId);
        params.put("playlistPath", playlistPath);
        params.put("at", Timestamp.from(at));
        jdbc.update(UPSERT, params);
    }

    /** Channels on air, and every channel of {@code viewer}, newest change first. */
    List<LiveChannel> visibleTo(String viewer) {
        return jdbc.query(
                "select * from live_channel where state = 'LIVE' or owner_id = :viewer order by changed_at desc"
                        + " limit 200",
                Map.of("viewer", viewer),
                (rs, row) -> new LiveChannel(
                        rs.getString("channel_id"),
                        rs.getString("owner_id"),
                        rs.getString("title"),
                        rs.getString("state"),
                        rs.getString("broadcast_id"),
                        rs.getString("playlist_path"),
                        rs.getString("recording_id"),
                        rs.getTimestamp("changed_at").toInstant()));
    }
}
