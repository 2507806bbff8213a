package dev.vodflow.events;

import java.time.Instant;

/**
 * The owner changed what others see of a video; carries the full current state, not a diff.
 *
 * @param downloadable whether viewers may download the progressive MP4 (added in v1 as an optional field: absent
 *     or null in older events, which means no)
 */
public record VideoUpdated(
        String eventId,
        String videoId,
        String ownerId,
        Instant occurredAt,
        String title,
        String description,
        Visibility visibility,
        Boolean downloadable)
        implements VodflowEvent {

    /** The owner did not allow downloads. */
    public VideoUpdated(
            String eventId,
            String videoId,
            String ownerId,
            Instant occurredAt,
            String title,
            String description,
            Visibility visibility) {
        this(eventId, videoId, ownerId, occurredAt, title, description, visibility, null);
    }

    public boolean allowsDownload() {
        return Boolean.TRUE.equals(downloadable);
    }

    public VideoUpdated {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.present(visibility, "visibility");
    }
}
