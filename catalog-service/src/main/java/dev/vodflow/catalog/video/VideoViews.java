package dev.vodflow.catalog.video;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import dev.vodflow.events.Visibility;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The JSON the API returns. */
final class VideoViews {

    private VideoViews() {}

    /**
     * One video in full. Upload details and failures are shown to the owner only, and come last: the owner's JSON is
     * everyone's with them appended ({@link VideoDocuments}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VideoView(
            String id,
            String ownerId,
            String title,
            String description,
            Visibility visibility,
            VideoState state,
            int percent,
            Long durationMs,
            Dimensions source,
            String hlsMasterPath,
            String dashManifestPath,
            String posterPath,
            String storyboardPath,
            boolean downloadable,
            String downloadPath,
            List<RenditionView> renditions,
            List<ThumbnailView> thumbnails,
            Instant createdAt,
            Instant updatedAt,
            ErrorView error,
            UploadView upload) {

        static VideoView of(Video v, String viewer) {
            return of(v, v.ownedBy(viewer));
        }

        /** The video as its owner sees it, or as anyone else does. */
        static VideoView of(Video v, boolean owner) {
            Video.Completion c = v.completion();
            return new VideoView(
                    v.id(),
                    v.ownerId(),
                    v.title(),
                    v.description(),
                    v.visibility(),
                    v.state(),
                    v.percent(),
                    c == null ? null : c.durationMs(),
                    c == null || c.sourceWidth() == null ? null : new Dimensions(c.sourceWidth(), c.sourceHeight()),
                    c == null ? null : c.hlsMasterPath(),
                    c == null ? null : c.dashManifestPath(),
                    c == null ? null : c.posterPath(),
                    c == null ? null : c.storyboardPath(),
                    v.downloadable(),
                    v.downloadable() ? mp4Path(v) : null,
                    v.renditions().stream()
                            .map(r -> new RenditionView(
                                    r.kind(), r.width(), r.height(), r.bitrate(), r.codecs(), r.path()))
                            .toList(),
                    v.thumbnails().stream()
                            .map(t -> new ThumbnailView(t.path(), t.timeMs(), t.width(), t.height()))
                            .toList(),
                    v.createdAt(),
                    v.updatedAt(),
                    owner ? ErrorView.of(v) : null,
                    owner ? UploadView.of(v) : null);
        }
    }

    /** The progressive MP4 (the largest, should there be several); none for a video without one. */
    private static String mp4Path(Video v) {
        return v.renditions().stream()
                .filter(r -> r.kind() == RenditionKind.MP4)
                .max(Comparator.comparingInt(Video.Rendition::height))
                .map(Video.Rendition::path)
                .orElse(null);
    }

    record Dimensions(int width, int height) {}

    /**
     * The body of {@code PATCH /videos/{id}} as documented (the controller reads it as JSON to tell an absent field
     * from a null one): every field optional, an absent one stays as it is.
     */
    record VideoPatch(
            @Schema(maxLength = VideoChanges.MAX_TITLE) String title,

            @Schema(description = "null clears it", maxLength = VideoChanges.MAX_DESCRIPTION, nullable = true)
            String description,

            Visibility visibility,

            @Schema(description = "let viewers download the progressive MP4 (false until the owner allows it)")
            Boolean downloadable) {}

    record RenditionView(RenditionKind kind, int width, int height, long bitrate, String codecs, String path) {}

    record ThumbnailView(String path, long timeMs, int width, int height) {}

    record ErrorView(String code, String message, Boolean retryable) {

        /** Why the video failed, for its owner; none unless it did. */
        static ErrorView of(Video v) {
            Video.Failure f = v.failure();
            return v.state() == VideoState.FAILED && f != null
                    ? new ErrorView(f.errorCode(), f.message(), f.retryable())
                    : null;
        }
    }

    record UploadView(String originalFileName, String contentType, Long size) {

        /** What was uploaded, for the owner; none for a video that came another way. */
        static UploadView of(Video v) {
            Video.Upload u = v.upload();
            return u == null ? null : new UploadView(u.originalFileName(), u.contentType(), u.size());
        }
    }

    /** A video in a list: enough to draw a tile. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VideoSummary(
            String id,
            String title,
            Visibility visibility,
            VideoState state,
            int percent,
            Long durationMs,
            String posterPath,
            Instant createdAt,
            Instant updatedAt) {

        static VideoSummary of(Video v) {
            Video.Completion c = v.completion();
            return new VideoSummary(
                    v.id(),
                    v.title(),
                    v.visibility(),
                    v.state(),
                    v.percent(),
                    c == null ? null : c.durationMs(),
                    c == null ? null : c.posterPath(),
                    v.createdAt(),
                    v.updatedAt());
        }
    }

    /**
     * A video in the public listing: what a front end shows to anyone. The owner's id is left out (the listing is
     * not a directory of users); the poster opens with the video's playback session, as its other files.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PublicVideo(
            String id, String title, String description, Long durationMs, String posterPath, Instant publishedAt) {}

    /** A page of the public listing; {@code nextCursor} is absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PublicPage(List<PublicVideo> items, String nextCursor) {}

    /** A page of the caller's videos; {@code nextCursor} is absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VideoPage(List<VideoSummary> items, String nextCursor) {}
}
