package dev.vodflow.events;

import java.time.Instant;

/** What every event carries: an id consumers deduplicate on, the video it is about, and when it happened. */
public sealed interface VodflowEvent
        permits VideoUploaded,
                TranscodeProgress,
                TranscodeCompleted,
                TranscodeFailed,
                VideoUpdated,
                VideoDeleted,
                LiveStarted,
                LiveEnded,
                LiveRecorded {

    String eventId();

    String videoId();

    String ownerId();

    Instant occurredAt();
}
