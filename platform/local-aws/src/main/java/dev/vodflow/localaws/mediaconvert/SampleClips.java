package dev.vodflow.localaws.mediaconvert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sample sources for tests and benchmarks: FFmpeg's generated test picture and a tone, made with the same FFmpeg
 * the emulator finds ({@code ffmpeg} on the PATH, else the bundled build), so that making a clip needs nothing the
 * stack itself does not. It lives here rather than in test-support because this module's own tests make clips too,
 * and test-support depends on this module.
 */
public final class SampleClips {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static volatile FfmpegBinaries binaries;

    private SampleClips() {}

    /**
     * An H.264/AAC MP4 of the test picture at {@code size} (like {@code 1280x720}) and {@code rate} frames per second
     * with a 440 Hz tone, {@code seconds} long, its index at the front as an upload from a phone would have it.
     */
    public static Path video(Path file, String size, int rate, int seconds) {
        return make(
                file,
                options(
                        picture(size, rate, seconds),
                        List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds),
                        H264,
                        List.of("-c:a", "aac", "-shortest", "-movflags", "+faststart")));
    }

    /** The test picture without audio, its index at the end (where FFmpeg writes it by default). */
    public static Path videoOnly(Path file, String size, int rate, int seconds) {
        return make(file, options(picture(size, rate, seconds), H264));
    }

    private static final List<String> H264 = List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

    private static List<String> picture(String size, int rate, int seconds) {
        return List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + rate + ":duration=" + seconds);
    }

    @SafeVarargs
    private static String[] options(List<String>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }

    /** The 440 Hz tone alone as AAC, {@code seconds} long (an M4A). */
    public static Path audio(Path file, int seconds) {
        return make(file, "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds, "-c:a", "aac");
    }

    /**
     * The stream of a live encoder, {@code seconds} long: the test picture at 640x360 and 25 fps in H.264 with a key
     * frame every second, tuned for latency, and the tone in AAC. FFmpeg's input and codec options; the caller adds a
     * muxer and a destination ({@link #make} for a file, {@link #publish} for a live ingest).
     */
    public static List<String> liveSource(int seconds) {
        return List.of(options(
                picture("640x360", 25, seconds),
                List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds),
                liveH264(),
                List.of("-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k")));
    }

    /** A live encoder's H.264 at 25 fps: fast, no frame held back, a key frame every second. */
    public static List<String> liveH264() {
        return List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25");
    }

    /**
     * A live encoder for tests: FFmpeg sending {@link #liveSource} at its own pace ({@code -re}) to {@code url} in
     * {@code format} ({@code flv} for RTMP, {@code mpegts} for SRT).
     */
    public static Process publish(String format, String url, int seconds) throws IOException {
        List<String> options = new ArrayList<>(List.of("-re"));
        options.addAll(liveSource(seconds));
        options.addAll(List.of("-f", format, url));
        return start(options);
    }

    /** FFmpeg running {@code options} in the background, its output discarded: a publisher of any other stream. */
    public static Process start(List<String> options) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(binaries().ffmpeg().toString(), "-hide_banner", "-loglevel", "error"));
        command.addAll(options);
        return new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * Any other sample: FFmpeg run with {@code inputAndOutputOptions} and then {@code file} as its output (replaced if
     * it exists). A failure is an {@link IllegalStateException} carrying FFmpeg's own message.
     */
    public static Path make(Path file, String... inputAndOutputOptions) {
        List<String> command = new ArrayList<>(List.of(binaries().ffmpeg().toString(), "-hide_banner", "-v", "error"));
        command.add("-y");
        command.addAll(List.of(inputAndOutputOptions));
        command.add(file.toString());
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessRun.Result result = ProcessRun.run(command, TIMEOUT);
        if (result.timedOut() || result.exitCode() != 0) {
            throw new IllegalStateException("FFmpeg could not make " + file + " ("
                    + (result.timedOut() ? "no result in " + TIMEOUT.toSeconds() + " s" : "exit " + result.exitCode())
                    + "): " + result.stderr().strip() + "\n" + String.join(" ", command));
        }
        return file;
    }

    /**
     * The FFmpeg these clips are made with, found once per JVM; the bundled build is extracted to a folder of the
     * temporary directory that every test run of this user shares.
     */
    public static FfmpegBinaries binaries() {
        FfmpegBinaries found = binaries;
        if (found == null) {
            synchronized (SampleClips.class) {
                found = binaries;
                if (found == null) {
                    Path cache = Path.of(
                            System.getProperty("java.io.tmpdir"), "vodflow-ffmpeg-" + System.getProperty("user.name"));
                    found = FfmpegBinaries.locate(null, null, cache);
                    binaries = found;
                }
            }
        }
        return found;
    }
}
