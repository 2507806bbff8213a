package dev.vodflow.events;

import dev.vodflow.events.TranscodeCompleted.Dimensions;
import dev.vodflow.events.TranscodeCompleted.Rendition;
import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import dev.vodflow.events.TranscodeCompleted.Thumbnail;
import java.time.Instant;
import java.util.List;

/** One example of each event, equal to the golden JSON files under {@code golden/}. */
final class EventFixtures {

    static final String VIDEO = "01JD3Y6Q8Z4V7K2M9N5P0R1S2T";
    static final String JOB = "1732270562000-abc123";

    private EventFixtures() {}

    static VideoUploaded uploaded() {
        return new VideoUploaded(
                "0b0e1f8c-4f4e-5a41-9d55-7a6fb2d9c001",
                VIDEO,
                "alice",
                Instant.parse("2026-11-22T10:15:30.123Z"),
                "Surfing at dawn",
                "surf dawn+final é.mov",
                "video/quicktime",
                "vodflow-media",
                "input/" + VIDEO + "/source",
                73_400_320L,
                "\"9b2cf535f27731c974343645a3985328-3\"",
                VideoUploaded.Origin.API);
    }

    static TranscodeProgress progress() {
        return new TranscodeProgress(
                "5f1c7a36-2b1e-4e6a-8a51-1f0d5e7c9a02",
                VIDEO,
                "alice",
                Instant.parse("2026-11-22T10:16:02Z"),
                JOB,
                42,
                "TRANSCODING");
    }

    static TranscodeCompleted completed() {
        String out = "output/" + VIDEO + "/";
        return new TranscodeCompleted(
                "8e4d3c2b-1a09-5f8e-9d7c-6b5a49382716",
                VIDEO,
                "alice",
                Instant.parse("2026-11-22T10:17:45.5Z"),
                JOB,
                20_040,
                new Dimensions(1920, 1080),
                out + "hls/master.m3u8",
                List.of(
                        new Rendition(
                                RenditionKind.HLS,
                                640,
                                360,
                                800_000,
                                "avc1.64001e,mp4a.40.2",
                                out + "hls/master_360.m3u8"),
                        new Rendition(
                                RenditionKind.MP4,
                                1280,
                                720,
                                3_000_000,
                                "avc1.64001f,mp4a.40.2",
                                out + "mp4/source_720.mp4")),
                List.of(new Thumbnail(out + "thumbnails/source_thumb.0000000.jpg", 0, 640, 360)),
                out + "cmaf/master.mpd",
                new TranscodeCompleted.Storyboard(out + "storyboard/storyboard.vtt", 160, 90, 1));
    }

    static TranscodeFailed failed() {
        return new TranscodeFailed(
                "c3b2a190-8f7e-5d6c-8b4a-392817161514",
                VIDEO,
                "alice",
                Instant.parse("2026-11-22T10:16:10Z"),
                null,
                "1010",
                "The uploaded file is not a video or audio file we can read. Upload an MP4, MOV, MKV or WebM file.",
                1,
                false);
    }

    static VideoUpdated updated() {
        return new VideoUpdated(
                "d4c3b2a1-0f9e-4d8c-bb6a-594837261504",
                VIDEO,
                "alice",
                Instant.parse("2026-11-22T11:00:00Z"),
                "Surfing at dawn",
                "Shot on the north beach.",
                Visibility.PUBLIC,
                true);
    }

    static VideoDeleted deleted() {
        return new VideoDeleted(
                "e5d4c3b2-a1f0-4e9d-8c7b-6a5948372615", VIDEO, "alice", Instant.parse("2026-11-22T12:00:00Z"));
    }

    static final String BROADCAST = "01JD4A0B1C2D3E4F5G6H7J8K9M";
    static final String CHANNEL = "ch_5Hq2Wn8kT3";

    static LiveStarted liveStarted() {
        return new LiveStarted(
                "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d",
                BROADCAST,
                "alice",
                Instant.parse("2026-11-22T18:00:00Z"),
                CHANNEL,
                "Morning show",
                "live/" + CHANNEL + "/master.m3u8");
    }

    static LiveEnded liveEnded() {
        return new LiveEnded(
                "2b3c4d5e-6f7a-4b1c-9d2e-3f4a5b6c7d8e",
                BROADCAST,
                "alice",
                Instant.parse("2026-11-22T18:45:12.5Z"),
                CHANNEL,
                "STOPPED");
    }

    static LiveRecorded liveRecorded() {
        return new LiveRecorded(
                "3c4d5e6f-7a8b-4c2d-8e3f-4a5b6c7d8e9f",
                BROADCAST,
                "alice",
                Instant.parse("2026-11-22T18:45:20Z"),
                CHANNEL,
                "vodflow-media",
                "input/live/alice/" + BROADCAST + "/Morning show.000000.ts",
                48_213_504L);
    }

    static List<VodflowEvent> all() {
        return List.of(
                uploaded(),
                progress(),
                completed(),
                failed(),
                updated(),
                deleted(),
                liveStarted(),
                liveEnded(),
                liveRecorded());
    }
}
