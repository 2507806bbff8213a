package dev.vodflow.events;

import java.time.Instant;
import java.util.List;

/**
 * Every output of a video exists in the output bucket. Paths are object keys relative to the output
 * bucket, for example {@code output/{videoId}/hls/master.m3u8}.
 *
 * @param hlsMasterPath the HLS multivariant playlist (of the CMAF group when there is one)
 * @param dashManifestPath the DASH manifest over the same CMAF segments, or null when the video has none
 *     (added in v1 as an optional field: older events and consumers go on without it)
 * @param storyboard the scrubbing previews (a WebVTT file naming tiles of JPEG sprites), or null when the video has
 *     none (audio only, no capture could be read, or an older event); optional, like {@code dashManifestPath}
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
        List<Thumbnail> thumbnails,
        String dashManifestPath,
        Storyboard storyboard)
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
        if (dashManifestPath != null) {
            Require.text(dashManifestPath, "dashManifestPath");
        }
    }

    /**
     * A video with HLS only, as the event was before its optional fields: the one shorthand, so that a later optional
     * field adds no constructor (pass null for the ones a producer does not have).
     */
    public TranscodeCompleted(
            String eventId,
            String videoId,
            String ownerId,
            Instant occurredAt,
            String jobId,
            long durationMs,
            Dimensions source,
            String hlsMasterPath,
            List<Rendition> renditions,
            List<Thumbnail> thumbnails) {
        this(
                eventId,
                videoId,
                ownerId,
                occurredAt,
                jobId,
                durationMs,
                source,
                hlsMasterPath,
                renditions,
                thumbnails,
                null,
                null);
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

    /**
     * Scrubbing previews: a WebVTT file whose cues map time ranges to tiles of JPEG sprites
     * ({@code sprite_000.jpg#xywh=x,y,w,h}, relative to the file), as players (video.js, JW Player, Shaka, Vidstack)
     * read them.
     *
     * @param path the {@code .vtt}, an object key like every path here
     * @param tiles how many tiles (cues) it has
     */
    public record Storyboard(String path, int tileWidth, int tileHeight, int tiles) {

        public Storyboard {
            Require.text(path, "storyboard.path");
        }
    }

    /** A JPEG frame capture taken {@code timeMs} into the video. */
    public record Thumbnail(String path, long timeMs, int width, int height) {

        public Thumbnail {
            Require.text(path, "thumbnail.path");
        }
    }
}
