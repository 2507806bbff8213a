package dev.vodflow.playback.video;

import dev.vodflow.events.Visibility;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/**
 * The projection's table. Every write is one upsert whose {@code where} clause keeps the newest fact, so events of
 * different topics may arrive in any order and a replay from offset 0 ends in the same rows.
 */
public interface PlayableVideoRepository extends Repository<PlayableVideo, String> {

    Optional<PlayableVideo> findById(String videoId);

    /** Records an event id; 0 when it was already recorded, so the caller drops the duplicate. */
    @Modifying
    @Query("insert into processed_event (event_id, processed_at) values (:eventId, :at) on conflict do nothing")
    int recordEvent(@Param("eventId") String eventId, @Param("at") Instant at);

    /** Makes {@code ownerId} the video's owner unless it already has one: the first event to arrive fixes it. */
    @Modifying
    @Query("insert into playable_video (video_id, owner_id) values (:videoId, :ownerId) on conflict do nothing")
    int claimOwner(@Param("videoId") String videoId, @Param("ownerId") String ownerId);

    @Query("select owner_id from playable_video where video_id = :videoId")
    String ownerOf(@Param("videoId") String videoId);

    @Modifying
    @Query("""
            insert into playable_video (video_id, owner_id, master_path, download_path, ready, ready_at)
            values (:videoId, :ownerId, :masterPath, :downloadPath, true, :at)
            on conflict (video_id) do update
              set master_path = excluded.master_path,
                  download_path = excluded.download_path,
                  ready = not playable_video.deleted,
                  ready_at = excluded.ready_at
              where playable_video.ready_at is null or playable_video.ready_at < excluded.ready_at
            """)
    int transcodeCompleted(
            @Param("videoId") String videoId,
            @Param("ownerId") String ownerId,
            @Param("masterPath") String masterPath,
            @Param("downloadPath") String downloadPath,
            @Param("at") Instant at);

    @Modifying
    @Query("""
            insert into playable_video (video_id, owner_id, visibility, downloadable, visibility_at)
            values (:videoId, :ownerId, :visibility, :downloadable, :at)
            on conflict (video_id) do update
              set visibility = excluded.visibility,
                  downloadable = excluded.downloadable,
                  visibility_at = excluded.visibility_at
              where playable_video.visibility_at is null or playable_video.visibility_at < excluded.visibility_at
            """)
    int visibilityChanged(
            @Param("videoId") String videoId,
            @Param("ownerId") String ownerId,
            @Param("visibility") Visibility visibility,
            @Param("downloadable") boolean downloadable,
            @Param("at") Instant at);

    @Modifying
    @Query("""
            insert into playable_video (video_id, owner_id, deleted, deleted_at)
            values (:videoId, :ownerId, true, :at)
            on conflict (video_id) do update
              set deleted = true, ready = false, deleted_at = excluded.deleted_at
              where not playable_video.deleted
            """)
    int deleted(@Param("videoId") String videoId, @Param("ownerId") String ownerId, @Param("at") Instant at);
}
