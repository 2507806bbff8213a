package dev.vodflow.testsupport;

import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A live encoder for tests: FFmpeg publishing a generated picture and tone in real time over RTMP or SRT. */
public final class TestStreams {

    private TestStreams() {}

    /** Publishes {@code seconds} of 640x360 25 fps video with a key frame every second and AAC audio. */
    public static Process publish(String rtmpUrl, int seconds) {
        return start(seconds, "flv", rtmpUrl);
    }

    /**
     * The same as MPEG-TS over SRT in caller mode, to an ingest URL as live-service hands it out
     * ({@code srt://host:port?streamid=KEY}, with or without SRT options).
     */
    public static Process publishSrt(String srtUrl, int seconds) {
        return start(seconds, "mpegts", srtUrl + (srtUrl.contains("pkt_size=") ? "" : "&pkt_size=1316"));
    }

    private static Process start(int seconds, String format, String url) {
        try {
            return SampleClips.publish(format, url, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start ffmpeg (" + SampleClips.binaries().ffmpeg() + ")", e);
        }
    }
}
