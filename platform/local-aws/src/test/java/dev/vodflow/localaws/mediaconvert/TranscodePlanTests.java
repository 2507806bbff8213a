package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.localaws.mediaconvert.MediaInfo.AudioStream;
import dev.vodflow.localaws.mediaconvert.MediaInfo.VideoStream;
import dev.vodflow.localaws.mediaconvert.TranscodePlan.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscodePlanTests {

    static final VideoStream VIDEO_1080 = new VideoStream(0, "h264", "avc1", 1920, 1080, 0, 30, 8, "yuv420p");
    static final AudioStream STEREO = new AudioStream(1, "aac", 2, 48000, "und");

    private static JobSpec reference() {
        return SettingsParser.parse(SettingsParserTests.referenceSettings());
    }

    private static String arg(List<String> command, String option) {
        return command.get(command.indexOf(option) + 1);
    }

    @Test
    void referenceJobEncodesEachRenditionOnceAndTheMp4ReusesTheTopRung() throws JobFailure {
        TranscodePlan plan = TranscodePlan.create(reference(), new MediaInfo("mov", 60, VIDEO_1080, STEREO), "ffmpeg");
        List<String> command = plan.command();

        assertThat(command.stream().filter(a -> a.startsWith("-crf:v:")))
                .containsExactly("-crf:v:0", "-crf:v:1", "-crf:v:2");
        assertThat(command.stream().filter(a -> a.startsWith("-b:a:"))).containsExactly("-b:a:0");
        assertThat(command.stream().filter(a -> a.equals("-i"))).hasSize(1);
        assertThat(arg(command, "-f")).isEqualTo("mov");
        assertThat(arg(command, "-protocol_whitelist")).isEqualTo("file");
        String tee = command.get(command.indexOf("tee") + 1);
        assertThat(tee.split("\\|")).hasSize(4).anySatisfy(slave -> assertThat(slave)
                .startsWith("[select=\\'v:2,a:0\\':f=mp4:movflags=+faststart]"));
        assertThat(arg(command, "-force_key_frames:v:0")).isEqualTo("expr:gte(t,n_forced*2)");
        assertThat(arg(command, "-force_key_frames:v:2")).isEqualTo("expr:gte(t,n_forced*2)");
        assertThat(arg(command, "-g:v:1")).isEqualTo("60");
        String graph = arg(command, "-filter_complex");
        // the source is scaled once, to 720p; 540p is scaled down from that picture and 360p from 540p, the next
        // larger one, which reads fewer pixels than scaling it from 720p
        assertThat(graph).startsWith("[0:v:0]null[src0];[src0]scale=1280:720:");
        assertThat(graph).containsOnlyOnce("scale=1280:720");
        assertThat(graph).contains("[pic1]scale=960:540,split=2[pic2][v1]", "[pic2]scale=640:360,null[v0]");
        // ... and the 720p picture also feeds the captures
        assertThat(graph).contains("split=3[pic1][v2][cap0in]");
        assertThat(graph).contains("select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,4.999500)'");
        assertThat(arg(command, "-frames:v")).isEqualTo("10");

        assertThat(plan.groups().get(1).outputs().get(0).video())
                .isSameAs(plan.groups().get(0).outputs().get(2).video());
    }

    @Test
    void cmafTracksAreFragmentedMp4CutWhereTheMp4SharesTheTopEncodeAndAudioIsNormalisedOnce() throws JobFailure {
        JobSpec spec = SettingsParser.parse(SettingsParserTests.cmafSettings());
        TranscodePlan plan = TranscodePlan.create(spec, new MediaInfo("mov", 60, VIDEO_1080, STEREO), "ffmpeg");
        List<String> command = plan.command();

        assertThat(plan.groups().get(0).outputs())
                .extracting(TranscodePlan.PlannedOutput::kind)
                .containsOnly(Kind.CMAF_TRACK);
        String[] slaves = command.get(command.indexOf("tee") + 1).split("\\|");
        assertThat(slaves).hasSize(4);
        assertThat(slaves[0])
                .startsWith("[select=\\'v:0\\':f=hls:hls_time=2:")
                .contains(":hls_segment_type=fmp4:hls_fmp4_init_filename=g0o0_init.mp4:")
                .endsWith("]g0o0.m3u8");
        assertThat(slaves[2]).startsWith("[select=\\'a:0\\':f=hls:").contains("hls_segment_type=fmp4");
        // one 1080p encode for the CMAF rung and the MP4, one audio encode for the track and the MP4
        assertThat(command.stream().filter(a -> a.startsWith("-crf:v:"))).containsExactly("-crf:v:0", "-crf:v:1");
        assertThat(slaves[3]).startsWith("[select=\\'v:1,a:0\\':f=mp4");
        assertThat(arg(command, "-force_key_frames:v:1")).isEqualTo("expr:gte(t,n_forced*2)");
        assertThat(arg(command, "-filter_complex")).containsOnlyOnce("loudnorm=I=-16.0:");
    }

    @Test
    void aRungAtTheSourceSizeTakesTheDecodedFramesWithoutPaddingThem() throws JobFailure {
        JobSpec spec = SettingsParser.parse(SettingsParserTests.cmafSettings());

        String fromFullHd = arg(
                TranscodePlan.create(spec, new MediaInfo("mov", 60, VIDEO_1080, STEREO), "ffmpeg")
                        .command(),
                "-filter_complex");
        // pad copies every frame it is handed from the decoder even when there is nothing to pad
        assertThat(fromFullHd)
                .startsWith("[0:v:0]null[src0];[src0]scale=1920:1080,setsar=1,format=yuv420p,split=2")
                .doesNotContain("pad=");

        VideoStream anamorphic = new VideoStream(0, "h264", "avc1", 1440, 1080, 0, 30, 8, "yuv420p");
        String fromSmaller = arg(
                TranscodePlan.create(spec, new MediaInfo("mov", 60, anamorphic, STEREO), "ffmpeg")
                        .command(),
                "-filter_complex");
        assertThat(fromSmaller)
                .as("a source of another size is still fitted into the frame and padded")
                .contains("scale=1920:1080:force_original_aspect_ratio=decrease", "pad=1920:1080:");
    }

    @Test
    void audioOnlyInputKeepsOneAudioRenditionPerGroupAndNoCaptures() throws JobFailure {
        TranscodePlan plan = TranscodePlan.create(reference(), new MediaInfo("mov", 10, null, STEREO), "ffmpeg");

        assertThat(plan.groups()).hasSize(2);
        assertThat(plan.groups().get(0).outputs()).singleElement().satisfies(output -> {
            assertThat(output.kind()).isEqualTo(Kind.HLS_VARIANT);
            assertThat(output.video()).isNull();
            assertThat(output.spec().nameModifier()).isEqualTo("_360");
        });
        assertThat(plan.command()).doesNotContain("libx264", "mjpeg");
        assertThat(plan.firstVideoRate()).as("no video frames to count").isZero();
    }

    @Test
    void videoOnlyInputCarriesNoAudio() throws JobFailure {
        TranscodePlan plan = TranscodePlan.create(reference(), new MediaInfo("mov", 10, VIDEO_1080, null), "ffmpeg");

        assertThat(plan.groups()).hasSize(3);
        assertThat(plan.groups().get(0).outputs())
                .allSatisfy(output -> assertThat(output.audio()).isNull());
        assertThat(plan.command()).doesNotContain("aac");
        assertThat(plan.firstVideoRate())
                .as("the first mapped encode's rate: its frames measure how far the input was read")
                .isEqualTo(30);
        assertThat(plan.command().indexOf("[v0]")).isLessThan(plan.command().indexOf("[v1]"));
    }

    @Test
    void rotationIsAppliedOnlyWhenAsked() throws JobFailure {
        VideoStream portrait = new VideoStream(0, "h264", "avc1", 1280, 720, 90, 30, 8, "yuv420p");
        JobSpec spec = reference();
        JobSpec auto = new JobSpec(spec.input(), JobSpec.Rotation.AUTO, true, spec.groups());
        JobSpec none = new JobSpec(spec.input(), JobSpec.Rotation.DEGREE_0, true, spec.groups());

        assertThat(TranscodePlan.create(auto, new MediaInfo("mov", 5, portrait, STEREO), "ffmpeg")
                        .command())
                .doesNotContain("-noautorotate");
        assertThat(TranscodePlan.create(none, new MediaInfo("mov", 5, portrait, STEREO), "ffmpeg")
                        .command())
                .contains("-noautorotate");
    }

    @Test
    void inputWithNothingTheOutputsNeedFails() {
        JobSpec spec = reference();
        JobSpec noAudioSelector = new JobSpec(spec.input(), spec.rotation(), false, spec.groups());

        assertThatThrownBy(() -> TranscodePlan.create(noAudioSelector, new MediaInfo("mov", 5, null, STEREO), "ffmpeg"))
                .isInstanceOf(JobFailure.class)
                .satisfies(e -> assertThat(((JobFailure) e).code()).isEqualTo(JobFailure.INPUT_UNUSABLE));
    }

    @Test
    void jpegQualityMapsOntoTheQuantiser() {
        assertThat(TranscodePlan.jpegQscale(100)).isEqualTo(2);
        assertThat(TranscodePlan.jpegQscale(1)).isEqualTo(31);
        assertThat(OutputCollector.uriEncode("my video_720.m3u8")).isEqualTo("my%20video_720.m3u8");
    }
}
