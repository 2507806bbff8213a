package dev.vodflow.events;

import java.time.Instant;

/** The video is gone: its catalog entry, source and outputs are deleted. */
public record VideoDeleted(String eventId, String videoId, String ownerId, Instant occurredAt) implements VodflowEvent {

    public VideoDeleted {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
    }
}
