package dev.vodflow.events;

import java.time.Instant;

/**
 * A transcode attempt ended in error. {@code message} is written for the uploader; {@code retryable} says
 * whether the orchestrator will (or an operator may) try again, which it never does for input errors.
 *
 * @param jobId the MediaConvert job, or {@code null} when the job was never created
 */
public record TranscodeFailed(
        String eventId,
        String videoId,
        String ownerId,
        Instant occurredAt,
        String jobId,
        String errorCode,
        String message,
        int attempt,
        boolean retryable)
        implements VodflowEvent {

    public TranscodeFailed {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.text(errorCode, "errorCode");
        Require.text(message, "message");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
    }
}
