package dev.vodflow.playback.live;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Upserts that keep the newest start or end, so events in any order and replays end in the same row. */
public interface LiveChannelRepository extends Repository<LiveChannel, String> {

    Optional<LiveChannel> findById(String channelId);

    @Modifying
    @Query("insert into processed_event (event_id, processed_at) values (:eventId, :at) on conflict do nothing")
    int recordEvent(@Param("eventId") String eventId, @Param("at") Instant at);

    @Modifying
    @Query("""
            insert into live_channel (channel_id, owner_id, broadcast_id, playlist_path, live, changed_at)
            values (:channelId, :ownerId, :broadcastId, :playlistPath, :live, :at)
            on conflict (channel_id) do update
              set owner_id = excluded.owner_id,
                  broadcast_id = excluded.broadcast_id,
                  playlist_path = excluded.playlist_path,
                  live = excluded.live,
                  changed_at = excluded.changed_at
              where live_channel.changed_at < excluded.changed_at
            """)
    int changed(
            @Param("channelId") String channelId,
            @Param("ownerId") String ownerId,
            @Param("broadcastId") String broadcastId,
            @Param("playlistPath") String playlistPath,
            @Param("live") boolean live,
            @Param("at") Instant at);
}
