package dev.vodflow.events;

import java.time.Instant;

/**
 * A channel went live: its encoder runs and viewers may play {@code playlistPath} through the CDN.
 *
 * @param videoId the broadcast: its recording becomes the video of this id once the stream ends
 * @param playlistPath object key of the multivariant playlist, for example {@code live/{channelId}/master.m3u8}
 */
public record LiveStarted(
        String eventId,
        String videoId,
        String ownerId,
        Instant occurredAt,
        String channelId,
        String title,
        String playlistPath)
        implements VodflowEvent {

    public LiveStarted {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.text(channelId, "channelId");
        Require.text(playlistPath, "playlistPath");
    }
}
