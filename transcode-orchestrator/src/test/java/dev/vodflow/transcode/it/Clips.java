package dev.vodflow.transcode.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Short test sources generated with FFmpeg's lavfi, small enough for a shared 2-core machine. */
public final class Clips {

    private Clips() {}

    public static Path video(Path directory, int width, int height, int seconds) {
        return ffmpeg(
                directory.resolve("clip-" + width + "x" + height + "-" + seconds + "s.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=25:duration=" + seconds,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:duration=" + seconds,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest");
    }

    static Path audio(Path directory, int seconds) {
        return ffmpeg(
                directory.resolve("tone-" + seconds + "s.m4a"),
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:duration=" + seconds,
                "-c:a",
                "aac");
    }

    static Path text(Path directory) {
        Path file = directory.resolve("notes.mp4");
        try {
            Files.writeString(file, "Shopping list: milk, eggs, a video camera.\n".repeat(50));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path ffmpeg(Path output, String... args) {
        if (Files.exists(output)) {
            return output;
        }
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(output.toString());
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as("ffmpeg: " + log).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }
}
