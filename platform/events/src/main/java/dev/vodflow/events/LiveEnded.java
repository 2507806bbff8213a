package dev.vodflow.events;

import java.time.Instant;

/**
 * A channel's broadcast ended: the encoder stopped and the playlists carry {@code EXT-X-ENDLIST}. Its recording
 * follows as {@link LiveRecorded}.
 *
 * @param videoId the broadcast that ended (the id its recording will have)
 * @param reason {@code STOPPED} when the owner stopped it, {@code DELETED} when the channel was deleted
 */
public record LiveEnded(
        String eventId, String videoId, String ownerId, Instant occurredAt, String channelId, String reason)
        implements VodflowEvent {

    public LiveEnded {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.text(channelId, "channelId");
        Require.text(reason, "reason");
    }
}
