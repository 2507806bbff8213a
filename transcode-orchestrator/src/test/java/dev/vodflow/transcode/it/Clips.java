package dev.vodflow.transcode.it;

import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Short test sources ({@link SampleClips}), small enough for a shared 2-core machine, made once per folder. */
public final class Clips {

    private Clips() {}

    public static Path video(Path directory, int width, int height, int seconds) {
        Path file = directory.resolve("clip-" + width + "x" + height + "-" + seconds + "s.mp4");
        return Files.exists(file) ? file : SampleClips.video(file, width + "x" + height, 25, seconds);
    }

    static Path audio(Path directory, int seconds) {
        Path file = directory.resolve("tone-" + seconds + "s.m4a");
        return Files.exists(file) ? file : SampleClips.audio(file, seconds);
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
}
