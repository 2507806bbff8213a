package dev.vodflow.notification.email;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeFailed;
import dev.vodflow.events.VideoUploaded;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Events and wiring for the e-mail tests. */
final class EmailFixtures {

    static final String SECRET = "test-unsubscribe-secret-of-at-least-32-characters";
    static final URI UNSUBSCRIBE = URI.create("https://vodflow.example/api/email/unsubscribe");

    private EmailFixtures() {}

    static VideoUploaded uploaded(String owner, String video, String title) {
        return new VideoUploaded(
                UUID.randomUUID().toString(),
                video,
                owner,
                Instant.now(),
                title,
                "beach.mov",
                "video/quicktime",
                "vodflow-media",
                "input/" + video + "/source",
                1_000_000L,
                "etag-" + video,
                VideoUploaded.Origin.API);
    }

    static TranscodeCompleted completed(String owner, String video) {
        return new TranscodeCompleted(
                UUID.randomUUID().toString(),
                video,
                owner,
                Instant.now(),
                "job-" + video,
                83_400,
                new TranscodeCompleted.Dimensions(1280, 720),
                "output/" + video + "/hls/master.m3u8",
                List.of(new TranscodeCompleted.Rendition(
                        TranscodeCompleted.RenditionKind.HLS,
                        1280,
                        720,
                        3_000_000,
                        "avc1.64001f,mp4a.40.2",
                        "output/" + video + "/hls/720p.m3u8")),
                List.of(
                        new TranscodeCompleted.Thumbnail("output/" + video + "/thumbnails/t0.jpg", 0, 640, 360),
                        new TranscodeCompleted.Thumbnail("output/" + video + "/thumbnails/t1.jpg", 40_000, 640, 360),
                        new TranscodeCompleted.Thumbnail("output/" + video + "/thumbnails/t2.jpg", 80_000, 640, 360)));
    }

    static TranscodeFailed failed(String owner, String video, boolean retryable) {
        return new TranscodeFailed(
                UUID.randomUUID().toString(),
                video,
                owner,
                Instant.now(),
                null,
                "INPUT_UNREADABLE",
                "The file has no video or audio stream we can read.",
                1,
                retryable);
    }

    static UnsubscribeTokens tokens() {
        return new UnsubscribeTokens(SECRET, UNSUBSCRIBE);
    }

    static MailLinks links() {
        return new MailLinks(
                "https://vodflow.example/videos/{videoId}", URI.create("https://cdn.vodflow.example/"), tokens());
    }
}
