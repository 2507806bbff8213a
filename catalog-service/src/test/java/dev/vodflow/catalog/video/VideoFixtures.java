package dev.vodflow.catalog.video;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeCompleted.Dimensions;
import dev.vodflow.events.TranscodeCompleted.Rendition;
import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import dev.vodflow.events.TranscodeCompleted.Thumbnail;
import dev.vodflow.events.TranscodeFailed;
import dev.vodflow.events.TranscodeProgress;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.events.Visibility;
import java.time.Instant;
import java.util.List;

/**
 * The events of one video's life, as the other services publish them: uploaded at {@code t0}, progress a
 * few seconds later, completed or failed after that. Ids are derived from the video and the step, so the
 * same call gives the same event (a duplicate).
 */
public final class VideoFixtures {

    public static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");

    private final String videoId;
    private final String ownerId;
    private final Instant t0;

    private VideoFixtures(String videoId, String ownerId, Instant t0) {
        this.videoId = videoId;
        this.ownerId = ownerId;
        this.t0 = t0;
    }

    public static VideoFixtures video(String videoId, String ownerId) {
        return new VideoFixtures(videoId, ownerId, T0);
    }

    public VideoFixtures at(Instant start) {
        return new VideoFixtures(videoId, ownerId, start);
    }

    public String id() {
        return videoId;
    }

    public String owner() {
        return ownerId;
    }

    public VideoUploaded uploaded() {
        return uploaded("Surfing at dawn");
    }

    public VideoUploaded uploaded(String title) {
        return uploadedAs(title, "input/" + videoId + "/source");
    }

    /** Uploaded from {@code key}: the watch folder's sources lie under {@code input/} by their file name. */
    public VideoUploaded uploadedAs(String title, String key) {
        return new VideoUploaded(
                EventIds.videoUploaded("vodflow-media", key, "etag-" + videoId),
                videoId,
                ownerId,
                t0,
                title,
                "surf dawn.mov",
                "video/quicktime",
                "vodflow-media",
                key,
                73_400_320L,
                "etag-" + videoId,
                VideoUploaded.Origin.API);
    }

    public TranscodeProgress progress(int percent) {
        return progress(percent, 1);
    }

    public TranscodeProgress progress(int percent, int attempt) {
        return new TranscodeProgress(
                EventIds.nameBased("progress", videoId, String.valueOf(attempt), String.valueOf(percent)),
                videoId,
                ownerId,
                t0.plusSeconds(attempt * 100L + percent / 10 + 1),
                "job-" + attempt,
                percent,
                "TRANSCODING");
    }

    public TranscodeCompleted completed() {
        return completed(1);
    }

    public TranscodeCompleted completed(int attempt) {
        String out = "output/" + videoId + "/";
        return new TranscodeCompleted(
                EventIds.nameBased("completed", videoId, String.valueOf(attempt)),
                videoId,
                ownerId,
                t0.plusSeconds(attempt * 100L + 50),
                "job-" + attempt,
                20_040,
                new Dimensions(1920, 1080),
                out + "hls/master.m3u8",
                List.of(
                        new Rendition(
                                RenditionKind.HLS, 640, 360, 800_000, "avc1.64001e,mp4a.40.2", out + "hls/360.m3u8"),
                        new Rendition(
                                RenditionKind.HLS, 1280, 720, 3_000_000, "avc1.64001f,mp4a.40.2", out + "hls/720.m3u8"),
                        new Rendition(
                                RenditionKind.MP4,
                                1280,
                                720,
                                3_000_000,
                                "avc1.64001f,mp4a.40.2",
                                "download/" + videoId + "/mp4/720.mp4")),
                List.of(
                        new Thumbnail(out + "thumbnails/t.0000002.jpg", 10_000, 640, 360),
                        new Thumbnail(out + "thumbnails/t.0000000.jpg", 0, 640, 360),
                        new Thumbnail(out + "thumbnails/t.0000001.jpg", 5_000, 640, 360)),
                null,
                new TranscodeCompleted.Storyboard(out + "storyboard/storyboard.vtt", 160, 90, 3));
    }

    public TranscodeFailed failed(int attempt) {
        return new TranscodeFailed(
                EventIds.nameBased("failed", videoId, String.valueOf(attempt)),
                videoId,
                ownerId,
                t0.plusSeconds(attempt * 100L + 40),
                "job-" + attempt,
                "1010",
                "The uploaded file is not a video we can read.",
                attempt,
                attempt < 3);
    }

    public VideoUpdated updated(String title, Visibility visibility, long secondsAfterUpload) {
        return new VideoUpdated(
                EventIds.nameBased("updated", videoId, title, visibility.name(), String.valueOf(secondsAfterUpload)),
                videoId,
                ownerId,
                t0.plusSeconds(secondsAfterUpload),
                title,
                "about " + title,
                visibility);
    }

    public VideoDeleted deleted(long secondsAfterUpload) {
        return new VideoDeleted(
                EventIds.nameBased("deleted", videoId, String.valueOf(secondsAfterUpload)),
                videoId,
                ownerId,
                t0.plusSeconds(secondsAfterUpload));
    }
}
