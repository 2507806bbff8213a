package dev.vodflow.events;

import java.time.Instant;

/**
 * A broadcast's recording is stored in the input bucket, where the upload path picks it up as an ordinary video
 * of id {@code videoId}: {@code video.uploaded} and the transcode follow as for any upload.
 *
 * @param key object key of the recording, under {@code input/}
 */
public record LiveRecorded(
        String eventId,
        String videoId,
        String ownerId,
        Instant occurredAt,
        String channelId,
        String bucket,
        String key,
        long size)
        implements VodflowEvent {

    public LiveRecorded {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.text(channelId, "channelId");
        Require.text(bucket, "bucket");
        Require.text(key, "key");
        Require.notNegative(size, "size");
    }
}
