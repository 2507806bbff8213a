package dev.vodflow.playback.video;

import dev.vodflow.events.Visibility;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * What playback knows of one video, built from the topics alone so that it keeps working when the catalog is down.
 *
 * @param masterPath the object key of the HLS master playlist, {@code null} until the transcode completed
 * @param visibilityAt when the visibility that is kept was decided; an older {@code video.updated} never overrides it
 * @param readyAt when the transcode whose outputs are kept completed
 * @param deleted a tombstone: once deleted, no later or replayed event makes the video playable again
 * @param downloadPath the object key of the progressive MP4, {@code null} when the video has none
 * @param downloadable whether the owner lets viewers download that MP4 (as of {@code visibilityAt})
 */
@Table("playable_video")
public record PlayableVideo(
        @Id String videoId,
        String ownerId,
        Visibility visibility,
        String masterPath,
        boolean ready,
        boolean deleted,
        Instant visibilityAt,
        Instant readyAt,
        Instant deletedAt,
        String downloadPath,
        boolean downloadable) {

    /** Whether a viewer may be sent to its files at all: outputs exist and the video was not deleted. */
    public boolean playable() {
        return ready && !deleted && masterPath != null;
    }

    /** Whether a viewer allowed to watch it may also be given its MP4. */
    public boolean downloadAllowed() {
        return playable() && downloadable && downloadPath != null;
    }
}
