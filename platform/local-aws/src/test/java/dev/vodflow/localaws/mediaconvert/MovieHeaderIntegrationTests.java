package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java reading of MP4 headers must give exactly what ffprobe gives (the plan, the GOP sizes and the job's
 * INPUT_INFORMATION event are made from it), and must leave to ffprobe whatever it does not read completely.
 */
class MovieHeaderIntegrationTests {

    @TempDir
    Path dir;

    private final Prober prober =
            new Prober(SampleClips.binaries(), JsonMapper.builder().build());

    private void assertSameAsFfprobe(Path clip) throws JobFailure {
        MediaInfo header = MovieHeader.read(clip);

        assertThat(header).as("read without ffprobe: %s", clip.getFileName()).isNotNull();
        assertThat(header).isEqualTo(prober.ffprobe(clip, clip.toString()));
        assertThat(prober.probe(clip, clip.toString())).isEqualTo(header);
    }

    @Test
    void aFullHdUploadWithItsIndexAtTheFrontReadsAsFfprobeReadsIt() throws Exception {
        assertSameAsFfprobe(SampleClips.video(dir.resolve("full-hd.mp4"), "1920x1080", 30, 2));
    }

    @Test
    void bFramesAnNtscRateCroppedHeightAndAudioPrimingReadAsFfprobeReadsThem() throws Exception {
        Path clip = SampleClips.make(
                dir.resolve("ntsc.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=24000/1001:duration=2",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100:duration=2",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-ac",
                "2",
                "-shortest",
                "-movflags",
                "+faststart");

        assertSameAsFfprobe(clip);
    }

    @Test
    void anOddWidthVideoWithItsIndexAtTheEndReadsAsFfprobeReadsIt() throws Exception {
        assertSameAsFfprobe(SampleClips.videoOnly(dir.resolve("odd.mp4"), "854x480", 25, 2));
    }

    @Test
    void anAudioOnlyFileReadsAsFfprobeReadsIt() throws Exception {
        assertSameAsFfprobe(SampleClips.audio(dir.resolve("tone.m4a"), 2));
    }

    @Test
    void quarterTurnsReadAsFfprobeReadsThem() throws Exception {
        byte[] clip = Files.readAllBytes(SampleClips.videoOnly(dir.resolve("turn.mp4"), "320x240", 30, 1));
        int[][] matrices = {
            {0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000},
            {-0x10000, 0, 0, 0, -0x10000, 0, 0, 0, 0x40000000},
            {0, -0x10000, 0, 0x10000, 0, 0, 0, 0, 0x40000000}
        };
        int[] clockwise = {90, 180, 270};
        for (int i = 0; i < matrices.length; i++) {
            Path turned = Files.write(dir.resolve("turned-" + clockwise[i] + ".mp4"), withMatrix(clip, matrices[i]));

            assertSameAsFfprobe(turned);
            assertThat(MovieHeader.read(turned).video().rotationClockwise()).isEqualTo(clockwise[i]);
        }
    }

    @Test
    void whatItDoesNotReadCompletelyIsLeftToFfprobe() throws Exception {
        Path whole = SampleClips.video(dir.resolve("whole.mp4"), "320x240", 30, 2);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        Path fragmented = SampleClips.make(
                dir.resolve("fragmented.mp4"),
                "-i",
                whole.toString(),
                "-c",
                "copy",
                "-movflags",
                "frag_keyframe+empty_moov");
        Path yuv422 = SampleClips.make(
                dir.resolve("422.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=30:duration=1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv422p");
        Path matroska = SampleClips.make(dir.resolve("whole.mkv"), "-i", whole.toString(), "-c", "copy");
        Path sheared = Files.write(
                dir.resolve("sheared.mp4"),
                withMatrix(bytes.clone(), new int[] {0x10000, 0x4000, 0, 0, 0x10000, 0, 0, 0, 0x40000000}));

        for (Path file : new Path[] {truncated, fragmented, yuv422, matroska, sheared}) {
            assertThat(MovieHeader.read(file)).as(file.getFileName().toString()).isNull();
        }
    }

    /** The video track's display matrix replaced (a version-0 tkhd, as FFmpeg writes it; video is the first track). */
    private static byte[] withMatrix(byte[] mp4, int[] matrix) {
        int box = new String(mp4, StandardCharsets.ISO_8859_1).indexOf("tkhd") - 4;
        assertThat(mp4[box + 8]).as("tkhd version").isZero();
        ByteBuffer target = ByteBuffer.wrap(mp4, box + 48, 36);
        for (int value : matrix) {
            target.putInt(value);
        }
        return mp4;
    }
}
