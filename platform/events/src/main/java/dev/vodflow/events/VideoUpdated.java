package dev.vodflow.events;

import java.time.Instant;

/** The owner changed what others see of a video; carries the full current state, not a diff. */
public record VideoUpdated(
        String eventId,
        String videoId,
        String ownerId,
        Instant occurredAt,
        String title,
        String description,
        Visibility visibility)
        implements VodflowEvent {

    public VideoUpdated {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.present(visibility, "visibility");
    }
}
