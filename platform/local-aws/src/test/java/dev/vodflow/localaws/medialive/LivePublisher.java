package dev.vodflow.localaws.medialive;

import dev.vodflow.localaws.Niceness;
import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.io.IOException;
import java.util.List;

/** An encoder for tests: FFmpeg publishing a generated picture and tone in real time over RTMP. */
final class LivePublisher {

    private LivePublisher() {}

    /** A tone and nothing else, as a radio show publishes. */
    static Process audioOnly(String rtmpUrl, int seconds) throws IOException {
        return SampleClips.start(List.of(
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
        return SampleClips.start(List.of(
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
        return SampleClips.publish(
                "mpegts", "srt://127.0.0.1:" + port + "?streamid=" + streamId + "&pkt_size=1316", seconds);
    }

    /**
     * A source no FLV carries, as a broadcast contribution encoder sends it: MPEG-2 video (4:2:0) with MPEG audio
     * layer 2, at the odd size 853x481, in MPEG-TS over SRT.
     */
    static Process srtMpeg2OddSize(int port, String streamId, int seconds) throws IOException {
        return srtOf(port, streamId, seconds, "yuv420p", List.of("-c:v", "mpeg2video", "-q:v", "4", "-g", "12"), "mp2");
    }

    /** HEVC in 4:4:4 at the odd size 853x481 (4:2:0 has no odd sizes), with AC-3 audio, in MPEG-TS over SRT. */
    static Process srtHevcOddSize(int port, String streamId, int seconds) throws IOException {
        return srtOf(
                port,
                streamId,
                seconds,
                "yuv444p",
                List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-g", "25"),
                "ac3");
    }

    /** H.264 (what FLV carries) in 4:4:4 at the odd size 853x481, over RTMP. */
    static Process rtmpH264OddSize(String rtmpUrl, int seconds) throws IOException {
        List<String> arguments = new java.util.ArrayList<>(oddSizedSource(seconds, "yuv444p"));
        arguments.addAll(SampleClips.liveH264());
        arguments.addAll(List.of("-c:a", "aac", "-f", "flv", rtmpUrl));
        return SampleClips.start(arguments);
    }

    private static Process srtOf(
            int port, String streamId, int seconds, String pixelFormat, List<String> video, String audioCodec)
            throws IOException {
        List<String> arguments = new java.util.ArrayList<>(oddSizedSource(seconds, pixelFormat));
        arguments.addAll(video);
        arguments.addAll(List.of(
                "-c:a",
                audioCodec,
                "-f",
                "mpegts",
                "srt://127.0.0.1:" + port + "?streamid=" + streamId + "&pkt_size=1316"));
        return SampleClips.start(arguments);
    }

    /** A generated picture cropped to 853x481 (cropped in 4:4:4, so no rounding to even) and a tone. */
    private static List<String> oddSizedSource(int seconds, String pixelFormat) {
        return List.of(
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=854x482:rate=25:duration=" + seconds,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                "-vf",
                "format=yuv444p,crop=853:481,format=" + pixelFormat);
    }

    /**
     * {@link SampleClips#liveSource}, as FLV over RTMP. It stands for an encoder on a machine of its own, so it runs at
     * the live encoders' priority ({@link Niceness#LIVE}): on a loaded test machine a publisher short of CPU would fall
     * behind real time and starve every pipeline, which is not what the tests look at.
     */
    static Process start(String rtmpUrl, int seconds) throws IOException {
        List<String> command = new java.util.ArrayList<>(
                List.of(SampleClips.binaries().ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-re"));
        command.addAll(SampleClips.liveSource(seconds));
        command.addAll(List.of("-f", "flv", rtmpUrl));
        return Niceness.start(
                new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD),
                Niceness.LIVE);
    }
}
