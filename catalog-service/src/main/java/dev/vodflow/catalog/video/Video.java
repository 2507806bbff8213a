package dev.vodflow.catalog.video;

import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import dev.vodflow.events.Visibility;
import java.time.Instant;
import java.util.List;

/**
 * One video as the catalog knows it: a register per kind of event (the newest event of each kind wins)
 * and the flat fields derived from them. {@link VideoProjector} is the only code that makes new states;
 * {@link VideoStore} keeps them (table {@code videos}, registers as column groups {@code upload_*} and so
 * on, children in {@code video_renditions} and {@code video_thumbnails}).
 */
public record Video(
        String id,
        String ownerId,
        String title,
        String description,
        Visibility visibility,
        VideoState state,
        int percent,
        Instant createdAt,
        Instant updatedAt,
        Upload upload,
        Progress progress,
        Completion completion,
        Failure failure,
        Metadata metadata,
        List<Rendition> renditions,
        List<Thumbnail> thumbnails) {

    public Video {
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        thumbnails = thumbnails == null ? List.of() : List.copyOf(thumbnails);
    }

    /** Whether {@code viewer} may see this video at all: its owner always, others unless it is private. */
    public boolean visibleTo(String viewer) {
        return visibleTo(ownerId, visibility, viewer);
    }

    /** Whether a video of {@code ownerId} with {@code visibility} may be seen by {@code viewer}. */
    static boolean visibleTo(String ownerId, Visibility visibility, String viewer) {
        return ownerId.equals(viewer) || visibility != Visibility.PRIVATE;
    }

    public boolean ownedBy(String viewer) {
        return ownerId.equals(viewer);
    }

    /** Whether the owner lets viewers download the progressive MP4 (no, until they say so). */
    public boolean downloadable() {
        return metadata != null && Boolean.TRUE.equals(metadata.downloadable());
    }

    /** The source as {@code video.uploaded} described it. */
    public record Upload(
            String eventId,
            Instant occurredAt,
            String title,
            String originalFileName,
            String contentType,
            String bucket,
            String key,
            Long size)
            implements Register {}

    /** The newest progress report of a running transcode; cleared once the video is ready. */
    public record Progress(String eventId, Instant occurredAt, String jobId, Integer percent, String phase)
            implements Register {}

    /** The newest successful transcode. */
    public record Completion(
            String eventId,
            Instant occurredAt,
            String jobId,
            Long durationMs,
            Integer sourceWidth,
            Integer sourceHeight,
            String hlsMasterPath,
            String posterPath,
            String dashManifestPath,
            String storyboardPath)
            implements Register {}

    /** The newest failed transcode attempt; cleared once a transcode completes. */
    public record Failure(
            String eventId,
            Instant occurredAt,
            String jobId,
            String errorCode,
            String message,
            Integer attempt,
            Boolean retryable)
            implements Register {}

    /** What the owner last set through {@code PATCH} (carried by {@code video.updated}). */
    public record Metadata(
            String eventId,
            Instant occurredAt,
            String title,
            String description,
            Visibility visibility,
            Boolean downloadable)
            implements Register {}

    public record Rendition(RenditionKind kind, int width, int height, long bitrate, String codecs, String path) {}

    public record Thumbnail(String path, long timeMs, int width, int height) {}

    /** The event that last wrote a group of columns; newer means a later time, ties broken by event id. */
    interface Register {

        String eventId();

        Instant occurredAt();

        default boolean olderThan(Instant otherTime, String otherEventId) {
            int byTime = occurredAt().compareTo(otherTime);
            return byTime < 0 || (byTime == 0 && eventId().compareTo(otherEventId) < 0);
        }
    }
}
