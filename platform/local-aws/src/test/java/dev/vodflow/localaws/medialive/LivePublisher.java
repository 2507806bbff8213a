package dev.vodflow.localaws.medialive;

import java.io.IOException;
import java.util.List;

/** An encoder for tests: FFmpeg publishing a generated picture and tone in real time over RTMP. */
final class LivePublisher {

    private LivePublisher() {}

    /** A tone and nothing else, as a radio show publishes. */
    static Process audioOnly(String rtmpUrl, int seconds) throws IOException {
        return run(List.of(
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                "-c:a",
                "aac",
                "-b:a",
                "64k",
                "-f",
                "flv",
                rtmpUrl));
    }

    /** Sorenson H.263 (FLV's own codec, not H.264) at an unusual size, 4:3, no audio. */
    static Process sorensonOddSize(String rtmpUrl, int seconds) throws IOException {
        return run(List.of(
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=352x264:rate=15:duration=" + seconds,
                "-c:v",
                "flv1",
                "-g",
                "15",
                "-f",
                "flv",
                rtmpUrl));
    }

    /** The same picture and tone as MPEG-TS over SRT, the stream key as streamid. */
    static Process srt(int port, String streamId, int seconds) throws IOException {
        return run(List.of(
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25:duration=" + seconds,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100:duration=" + seconds,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-f",
                "mpegts",
                "srt://127.0.0.1:" + port + "?streamid=" + streamId + "&pkt_size=1316"));
    }

    private static Process run(List<String> arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error"));
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static Process start(String rtmpUrl, int seconds) throws IOException {
        return new ProcessBuilder(List.of(
                        "ffmpeg",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-re",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=640x360:rate=25:duration=" + seconds,
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=44100:duration=" + seconds,
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-tune",
                        "zerolatency",
                        "-g",
                        "25",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "64k",
                        "-f",
                        "flv",
                        rtmpUrl))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
