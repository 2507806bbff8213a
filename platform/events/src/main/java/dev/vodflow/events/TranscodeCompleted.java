package dev.vodflow.events;

import java.time.Instant;
import java.util.List;

/**
 * Every output of a video exists in the output bucket. Paths are object keys relative to the output
 * bucket, for example {@code output/{videoId}/hls/master.m3u8}.
 */
public record TranscodeCompleted(
        String eventId,
        String videoId,
        String ownerId,
        Instant occurredAt,
        String jobId,
        long durationMs,
        Dimensions source,
        String hlsMasterPath,
        List<Rendition> renditions,
        List<Thumbnail> thumbnails)
        implements VodflowEvent {

    public TranscodeCompleted {
        Require.text(eventId, "eventId");
        Require.text(videoId, "videoId");
        Require.text(ownerId, "ownerId");
        Require.present(occurredAt, "occurredAt");
        Require.text(jobId, "jobId");
        Require.notNegative(durationMs, "durationMs");
        Require.text(hlsMasterPath, "hlsMasterPath");
        renditions = List.copyOf(Require.present(renditions, "renditions"));
        thumbnails = List.copyOf(Require.present(thumbnails, "thumbnails"));
    }

    /** Width and height in pixels; both 0 for an audio-only source. */
    public record Dimensions(int width, int height) {}

    /** One playable output: an HLS variant playlist or the progressive MP4. Audio-only renditions are 0x0. */
    public record Rendition(RenditionKind kind, int width, int height, long bitrate, String codecs, String path) {

        public Rendition {
            Require.present(kind, "rendition.kind");
            Require.text(path, "rendition.path");
        }
    }

    public enum RenditionKind {
        HLS,
        MP4
    }

    /** A JPEG frame capture taken {@code timeMs} into the video. */
    public record Thumbnail(String path, long timeMs, int width, int height) {

        public Thumbnail {
            Require.text(path, "thumbnail.path");
        }
    }
}
