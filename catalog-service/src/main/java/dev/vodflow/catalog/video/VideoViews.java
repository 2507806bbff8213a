package dev.vodflow.catalog.video;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import dev.vodflow.events.Visibility;
import java.time.Instant;
import java.util.List;

/** The JSON the API returns. */
final class VideoViews {

    private VideoViews() {}

    /** One video in full. Upload details and failures are shown to the owner only. */
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
            List<RenditionView> renditions,
            List<ThumbnailView> thumbnails,
            ErrorView error,
            UploadView upload,
            Instant createdAt,
            Instant updatedAt) {

        static VideoView of(Video v, String viewer) {
            boolean owner = v.ownedBy(viewer);
            Video.Completion c = v.completion();
            Video.Failure f = v.failure();
            Video.Upload u = v.upload();
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
                    v.renditions().stream()
                            .map(r -> new RenditionView(
                                    r.kind(), r.width(), r.height(), r.bitrate(), r.codecs(), r.path()))
                            .toList(),
                    v.thumbnails().stream()
                            .map(t -> new ThumbnailView(t.path(), t.timeMs(), t.width(), t.height()))
                            .toList(),
                    owner && v.state() == VideoState.FAILED && f != null
                            ? new ErrorView(f.errorCode(), f.message(), f.retryable())
                            : null,
                    owner && u != null ? new UploadView(u.originalFileName(), u.contentType(), u.size()) : null,
                    v.createdAt(),
                    v.updatedAt());
        }
    }

    record Dimensions(int width, int height) {}

    record RenditionView(RenditionKind kind, int width, int height, long bitrate, String codecs, String path) {}

    record ThumbnailView(String path, long timeMs, int width, int height) {}

    record ErrorView(String code, String message, Boolean retryable) {}

    record UploadView(String originalFileName, String contentType, Long size) {}

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
            Instant updatedAt) {}

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
