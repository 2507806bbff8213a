package dev.vodflow.events;

import java.time.Instant;

/** A transcode job moved forward; {@code percent} is 0 to 100, {@code phase} as MediaConvert names it. */
public record TranscodeProgress(
        String eventId, String videoId, String ownerId, Instant occurredAt, String jobId, int percent, String phase)
        implements VodflowEvent {

    public TranscodeProgress {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.text(jobId, "jobId");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be between 0 and 100, was " + percent);
        }
    }
}
