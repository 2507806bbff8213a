package dev.vodflow.events;

import java.time.Instant;

/**
 * A source file is complete in the input bucket and passed the cheap media check.
 *
 * @param origin {@code API} when created through the upload API, {@code WATCH_FOLDER} when an object
 *     appeared under {@code input/} without one
 */
public record VideoUploaded(
        String eventId,
        String videoId,
        String ownerId,
        Instant occurredAt,
        String title,
        String originalFileName,
        String contentType,
        String bucket,
        String key,
        long size,
        String etag,
        Origin origin)
        implements VodflowEvent {

    public enum Origin {
        API,
        WATCH_FOLDER
    }

    public VideoUploaded {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.text(bucket, "bucket");
        Require.text(key, "key");
        Require.notNegative(size, "size");
        Require.text(etag, "etag");
        Require.present(origin, "origin");
    }
}
