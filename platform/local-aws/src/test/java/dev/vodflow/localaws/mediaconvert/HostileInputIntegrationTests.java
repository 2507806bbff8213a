package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/** Inputs a real upload service will see sooner or later: each gives correct output or a clear ERROR. */
class HostileInputIntegrationTests {

    private final EmulatorFixture fixture = EmulatorFixture.get();

    private Job run(String videoId, String input, Integer width, Integer height) {
        return JobRuns.runToEnd(fixture, JobTemplates.small(input, videoId, width, height));
    }

    private void assertFailed(Job job, int code, String messagePart) {
        assertThat(job.status()).isEqualTo(JobStatus.ERROR);
        assertThat(job.errorCode()).isEqualTo(code);
        assertThat(job.errorMessage()).contains(messagePart);
        List<String> statuses = fixture.statuses(job.id());
        assertThat(statuses).endsWith("ERROR").doesNotContain("COMPLETE");
        String id = job.userMetadata().get("videoId");
        assertThat(fixture.keys("output/" + id + "/"))
                .as("nothing half-written is published")
                .isEmpty();
    }

    @Test
    void zeroByteInputFailsAsUnreadable() {
        String input = fixture.upload("input/zero/source.mp4", new byte[0]);

        assertFailed(run("zero", input, 320, 180), 1010, "the file is empty");
    }

    @Test
    void textFileFailsAsUnreadable() {
        String input = fixture.upload(
                "input/text/source.mp4",
                "just some notes, not a video\n".repeat(50).getBytes(StandardCharsets.UTF_8));

        assertFailed(run("text", input, 320, 180), 1010, "Unable to open input file [" + input + "]");
    }

    @Test
    void playlistDisguisedAsMp4CannotMakeFfmpegReadOtherFiles() {
        String playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n";
        String input = fixture.upload("input/disguised/source.mp4", playlist.getBytes(StandardCharsets.UTF_8));

        Job job = run("disguised", input, 320, 180);

        assertFailed(job, 1010, "Unable to open input file");
        assertThat(job.errorMessage()).doesNotContain("root:");
    }

    @Test
    void missingInputFailsAsUnreadable() {
        assertFailed(run("missing", "s3://vodflow-media/input/missing/source.mp4", 320, 180), 1010, "does not exist");
    }

    @Test
    void truncatedMp4WithIndexAtTheFrontFailsInsteadOfPublishingHalfAVideo() throws Exception {
        Path whole = fixture.testClip("truncate-me.mp4", "320x240", 6);
        byte[] bytes = Files.readAllBytes(whole);
        String input = fixture.upload("input/truncated/source.mp4", Arrays.copyOf(bytes, bytes.length / 2));

        assertFailed(run("truncated", input, 320, 180), 1040, "truncated");
    }

    @Test
    void truncatedMp4WithIndexAtTheEndFailsAsUnreadable() throws Exception {
        Path whole = fixture.videoOnlyClip("index-at-end.mp4", "320x240", 30, 4);
        byte[] bytes = Files.readAllBytes(whole);
        String input = fixture.upload("input/no-index/source.mp4", Arrays.copyOf(bytes, bytes.length * 2 / 3));

        assertFailed(run("no-index", input, 320, 180), 1010, "Unable to open input file");
    }

    @Test
    void audioOnlyInputGivesAnAudioOnlyLadder() throws Exception {
        Path clip = fixture.clip(
                "audio-only.m4a",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=300:sample_rate=44100:duration=3",
                "-c:a",
                "aac");
        String input = fixture.upload("input/audio-only/source.m4a", clip);

        Job job = run("audio-only", input, 320, 180);

        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.COMPLETE);
        String master = new String(fixture.download("output/audio-only/hls/master.m3u8"), StandardCharsets.UTF_8);
        assertThat(master).contains("CODECS=\"mp4a.40.2\"").doesNotContain("RESOLUTION");
        assertThat(fixture.keys("output/audio-only/"))
                .contains("output/audio-only/mp4/video_v.mp4")
                .noneMatch(key -> key.contains("thumbnails"));
        Path local = fixture.downloadAll("output/audio-only/");
        List<String> probe = EmulatorFixture.probe(local.resolve("hls/master_v.m3u8"), "stream=codec_type,sample_rate");
        assertThat(probe).containsExactly("audio,48000");
    }

    @Test
    void videoOnlyInputGivesVideoWithoutAudio() throws Exception {
        Path clip = fixture.videoOnlyClip("video-only.mp4", "320x240", 25, 3);
        String input = fixture.upload("input/video-only/source.mp4", clip);

        Job job = run("video-only", input, 320, 240);

        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.COMPLETE);
        String master = new String(fixture.download("output/video-only/hls/master.m3u8"), StandardCharsets.UTF_8);
        assertThat(master).containsPattern("CODECS=\"avc1\\.[0-9a-f]{6}\"").contains("FRAME-RATE=25.000");
        Path local = fixture.downloadAll("output/video-only/");
        List<String> probe = EmulatorFixture.probe(local.resolve("mp4/video_v.mp4"), "stream=codec_type");
        assertThat(probe).containsExactly("video");
        assertThat(fixture.keys("output/video-only/thumbnails/")).hasSize(3);
    }

    @Test
    void oddSourceDimensionsGiveEvenOutputs() throws Exception {
        Path clip = fixture.clip(
                "odd.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=321x241:rate=30:duration=2",
                "-f",
                "lavfi",
                "-i",
                "sine=duration=2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv444p",
                "-c:a",
                "aac",
                "-shortest");
        String input = fixture.upload("input/odd/source.mp4", clip);

        Job job = run("odd", input, null, null);

        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.COMPLETE);
        assertThat(job.outputGroupDetails()
                        .get(0)
                        .outputDetails()
                        .get(0)
                        .videoDetails()
                        .widthInPx())
                .isEqualTo(320);
        assertThat(job.outputGroupDetails()
                        .get(0)
                        .outputDetails()
                        .get(0)
                        .videoDetails()
                        .heightInPx())
                .isEqualTo(240);
        Path local = fixture.downloadAll("output/odd/");
        List<String> probe = EmulatorFixture.probe(
                local.resolve("mp4/video_v.mp4"), "stream=width,height,pix_fmt", "-select_streams", "v:0");
        assertThat(probe).containsExactly("320,240,yuv420p");
    }

    @Test
    void rotationMetadataIsAppliedWhenTheJobAsksForAutomaticRotation() throws Exception {
        Path clip = fixture.videoOnlyClip("to-rotate.mp4", "320x240", 30, 2);
        String input = fixture.upload("input/rotated/source.mp4", rotatedBy90(Files.readAllBytes(clip)));

        Job job = run("rotated", input, null, null);

        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.COMPLETE);
        Path local = fixture.downloadAll("output/rotated/");
        List<String> probe = EmulatorFixture.probe(
                local.resolve("hls/master_v.m3u8"), "stream=width,height", "-select_streams", "v:0");
        assertThat(probe).containsExactly("240,320");
        List<String> thumb =
                EmulatorFixture.probe(local.resolve("thumbnails/thumb.0000000.jpg"), "stream=width,height");
        assertThat(thumb).containsExactly("240,320");
    }

    /**
     * Writes a 90° display matrix into the video track header, as phones do (FFmpeg 5.1 has no option for it):
     * the matrix sits 48 bytes into a version-0 {@code tkhd} box.
     */
    static byte[] rotatedBy90(byte[] mp4) {
        int box = new String(mp4, StandardCharsets.ISO_8859_1).indexOf("tkhd") - 4;
        assertThat(mp4[box + 8]).as("tkhd version").isZero();
        java.nio.ByteBuffer matrix = java.nio.ByteBuffer.wrap(mp4, box + 48, 36);
        for (int value : new int[] {0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000}) {
            matrix.putInt(value);
        }
        return mp4;
    }
}
