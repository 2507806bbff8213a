package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCollectorTests {

    @TempDir
    Path dir;

    @Test
    void mp4DurationIsTheOneFfprobeReportsForTheFile() {
        Path mp4 = SampleClips.make(
                dir.resolve("progressive.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25:duration=3.4",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000:duration=3.7",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-c:a",
                "aac",
                "-movflags",
                "+faststart");

        double ffprobe =
                Double.parseDouble(EmulatorFixture.probe(mp4, "format=duration").get(0));

        assertThat(ffprobe)
                .as("the longer stream, not the picture, sets the length")
                .isGreaterThan(3.6);
        assertThat(OutputCollector.movieSeconds(mp4)).isCloseTo(ffprobe, within(0.0005));
        assertThat(OutputCollector.indexBeforeMedia(mp4)).isTrue();
    }

    @Test
    void mp4WithItsIndexAfterTheMediaHasNoDurationToReport() {
        Path mp4 = SampleClips.videoOnly(dir.resolve("index-at-end.mp4"), "320x240", 25, 1);

        assertThat(OutputCollector.movieSeconds(mp4)).isEqualTo(-1);
        assertThat(OutputCollector.indexBeforeMedia(mp4)).isFalse();
    }

    @Test
    void truncatedOrForeignFilesHaveNoDuration() throws Exception {
        Path mp4 = SampleClips.video(dir.resolve("whole.mp4"), "320x240", 25, 1);
        byte[] bytes = Files.readAllBytes(mp4);
        Path truncated = Files.write(dir.resolve("truncated.mp4"), java.util.Arrays.copyOf(bytes, 40));
        Path text = Files.writeString(dir.resolve("text.mp4"), "not a movie at all, just some text");

        assertThat(OutputCollector.movieSeconds(truncated)).isEqualTo(-1);
        assertThat(OutputCollector.movieSeconds(text)).isEqualTo(-1);
        assertThat(OutputCollector.movieSeconds(dir.resolve("missing.mp4"))).isEqualTo(-1);
    }
}
