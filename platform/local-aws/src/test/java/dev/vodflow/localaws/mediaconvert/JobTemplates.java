package dev.vodflow.localaws.mediaconvert;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.mediaconvert.model.AacCodingMode;
import software.amazon.awssdk.services.mediaconvert.model.AacSettings;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodec;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodecSettings;
import software.amazon.awssdk.services.mediaconvert.model.AudioDefaultSelection;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioNormalizationAlgorithm;
import software.amazon.awssdk.services.mediaconvert.model.AudioNormalizationAlgorithmControl;
import software.amazon.awssdk.services.mediaconvert.model.AudioNormalizationSettings;
import software.amazon.awssdk.services.mediaconvert.model.AudioSelector;
import software.amazon.awssdk.services.mediaconvert.model.CmafGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.CmafSegmentControl;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteDASHManifest;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteHLSManifest;
import software.amazon.awssdk.services.mediaconvert.model.ContainerSettings;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.FileGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.FrameCaptureSettings;
import software.amazon.awssdk.services.mediaconvert.model.H264GopSizeUnits;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.HlsAudioOnlyContainer;
import software.amazon.awssdk.services.mediaconvert.model.HlsAudioTrackType;
import software.amazon.awssdk.services.mediaconvert.model.HlsGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.HlsSettings;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.InputRotate;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.OutputSettings;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodecSettings;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;
import software.amazon.awssdk.services.mediaconvert.model.VideoSelector;

/** Jobs built with the SDK's own model classes, so the tests exercise the SDK's marshalling too. */
final class JobTemplates {

    static final String ROLE = "arn:aws:iam::000000000000:role/MediaConvert";

    record Rung(String nameModifier, int width, int height, int bitrate) {}

    static final List<Rung> REFERENCE_LADDER = List.of(
            new Rung("_360", 640, 360, 800_000),
            new Rung("_540", 960, 540, 1_500_000),
            new Rung("_720", 1280, 720, 3_000_000));

    private JobTemplates() {}

    /** The reference job: HLS 360/540/720, MP4 720 and a JPEG every 5 s, under output/{videoId}/. */
    static CreateJobRequest reference(String input, String videoId, int segmentLength) {
        String out = "s3://" + EmulatorFixture.BUCKET + "/output/" + videoId + "/";
        Rung top = REFERENCE_LADDER.get(REFERENCE_LADDER.size() - 1);
        return job(
                input,
                videoId,
                hlsGroup(out + "hls/master", segmentLength, REFERENCE_LADDER),
                fileGroup(out + "mp4/video", mp4(top)),
                fileGroup(out + "thumbnails/thumb", captures(top.width(), top.height(), 5, 10, 80)));
    }

    /** One small rung (null size follows the source) as HLS, the same as MP4, and captures every second. */
    static CreateJobRequest small(String input, String videoId, Integer width, Integer height) {
        String out = "s3://" + EmulatorFixture.BUCKET + "/output/" + videoId + "/";
        Rung rung = new Rung("_v", width == null ? 0 : width, height == null ? 0 : height, 400_000);
        return job(
                input,
                videoId,
                hlsGroup(out + "hls/master", 1, List.of(rung)),
                fileGroup(out + "mp4/video", mp4(rung)),
                fileGroup(out + "thumbnails/thumb", captures(null, null, 1, 5, 60)));
    }

    /**
     * A CMAF group over {@code ladder} (video-only tracks) and one AAC track normalised to {@code targetLkfs},
     * with HLS and DASH manifests, under output/{videoId}/cmaf/.
     */
    static CreateJobRequest cmaf(
            String input, String videoId, int segmentLength, List<Rung> ladder, double targetLkfs) {
        String out = "s3://" + EmulatorFixture.BUCKET + "/output/" + videoId + "/";
        return job(input, videoId, cmafGroup(out + "cmaf/master", segmentLength, ladder, targetLkfs));
    }

    /** The 1080p ladder as the orchestrator's default template asks for it: CMAF 360p-1080p, MP4 720, captures. */
    static final List<Rung> DEFAULT_LADDER_1080 = List.of(
            new Rung("_360p", 640, 360, 1_000_000),
            new Rung("_540p", 960, 540, 2_500_000),
            new Rung("_720p", 1280, 720, 4_500_000),
            new Rung("_1080p", 1920, 1080, 8_000_000));

    static CreateJobRequest defaultLadder(String input, String videoId) {
        String out = "s3://" + EmulatorFixture.BUCKET + "/output/" + videoId + "/";
        Rung mp4 = DEFAULT_LADDER_1080.get(2);
        return job(
                input,
                videoId,
                cmafGroup(out + "cmaf/master", 6, DEFAULT_LADDER_1080, -16.0),
                fileGroup(
                        out + "mp4/video",
                        Output.builder()
                                .nameModifier(mp4.nameModifier())
                                .containerSettings(ContainerSettings.builder()
                                        .container(ContainerType.MP4)
                                        .build())
                                .videoDescription(video(mp4))
                                .audioDescriptions(normalisedAac(-16.0))
                                .build()),
                fileGroup(out + "thumbnails/thumb", captures(640, 360, 5, 500, 80)));
    }

    private static OutputGroup cmafGroup(String destination, int segmentLength, List<Rung> ladder, double targetLkfs) {
        List<Output> outputs = new java.util.ArrayList<>();
        for (Rung rung : ladder) {
            outputs.add(Output.builder()
                    .nameModifier(rung.nameModifier())
                    .containerSettings(ContainerSettings.builder()
                            .container(ContainerType.CMFC)
                            .build())
                    .videoDescription(video(rung))
                    .build());
        }
        outputs.add(Output.builder()
                .nameModifier("_audio")
                .containerSettings(ContainerSettings.builder()
                        .container(ContainerType.CMFC)
                        .build())
                .audioDescriptions(normalisedAac(targetLkfs))
                .build());
        return OutputGroup.builder()
                .name("CMAF")
                .outputGroupSettings(OutputGroupSettings.builder()
                        .type(OutputGroupType.CMAF_GROUP_SETTINGS)
                        .cmafGroupSettings(CmafGroupSettings.builder()
                                .destination(destination)
                                .segmentLength(segmentLength)
                                .fragmentLength(segmentLength)
                                .segmentControl(CmafSegmentControl.SEGMENTED_FILES)
                                .writeHlsManifest(CmafWriteHLSManifest.ENABLED)
                                .writeDashManifest(CmafWriteDASHManifest.ENABLED)
                                .build())
                        .build())
                .outputs(outputs)
                .build();
    }

    private static AudioDescription normalisedAac(double targetLkfs) {
        return aac().toBuilder()
                .audioNormalizationSettings(AudioNormalizationSettings.builder()
                        .algorithm(AudioNormalizationAlgorithm.ITU_BS_1770_3)
                        .algorithmControl(AudioNormalizationAlgorithmControl.CORRECT_AUDIO)
                        .targetLkfs(targetLkfs)
                        .build())
                .build();
    }

    private static CreateJobRequest job(String input, String videoId, OutputGroup... groups) {
        return CreateJobRequest.builder()
                .role(ROLE)
                .userMetadata(Map.of("videoId", videoId))
                .settings(JobSettings.builder()
                        .inputs(Input.builder()
                                .fileInput(input)
                                .audioSelectors(Map.of(
                                        "Audio Selector 1",
                                        AudioSelector.builder()
                                                .defaultSelection(AudioDefaultSelection.DEFAULT)
                                                .build()))
                                .videoSelector(VideoSelector.builder()
                                        .rotate(InputRotate.AUTO)
                                        .build())
                                .build())
                        .outputGroups(groups)
                        .build())
                .build();
    }

    /**
     * An MPEG-TS HLS group as the orchestrator's reference template asks for it: video-only rungs that play with one
     * audio rendition group ({@code program_audio}), under output/{videoId}/hls/.
     */
    static CreateJobRequest transportStreamWithAudioGroup(
            String input, String videoId, int segmentLength, List<Rung> ladder) {
        String out = "s3://" + EmulatorFixture.BUCKET + "/output/" + videoId + "/";
        List<Output> outputs = new java.util.ArrayList<>();
        for (Rung rung : ladder) {
            outputs.add(Output.builder()
                    .nameModifier(rung.nameModifier())
                    .containerSettings(ContainerSettings.builder()
                            .container(ContainerType.M3_U8)
                            .build())
                    .outputSettings(OutputSettings.builder()
                            .hlsSettings(HlsSettings.builder()
                                    .audioRenditionSets("program_audio")
                                    .build())
                            .build())
                    .videoDescription(video(rung))
                    .build());
        }
        outputs.add(Output.builder()
                .nameModifier("_audio")
                .containerSettings(ContainerSettings.builder()
                        .container(ContainerType.M3_U8)
                        .build())
                .outputSettings(OutputSettings.builder()
                        .hlsSettings(HlsSettings.builder()
                                .audioGroupId("program_audio")
                                .audioTrackType(HlsAudioTrackType.ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT)
                                .audioOnlyContainer(HlsAudioOnlyContainer.M2_TS)
                                .build())
                        .build())
                .audioDescriptions(aac())
                .build());
        return job(
                input,
                videoId,
                OutputGroup.builder()
                        .name("Apple HLS")
                        .outputGroupSettings(OutputGroupSettings.builder()
                                .type(OutputGroupType.HLS_GROUP_SETTINGS)
                                .hlsGroupSettings(HlsGroupSettings.builder()
                                        .destination(out + "hls/master")
                                        .segmentLength(segmentLength)
                                        .minSegmentLength(0)
                                        .build())
                                .build())
                        .outputs(outputs)
                        .build());
    }

    private static OutputGroup hlsGroup(String destination, int segmentLength, List<Rung> ladder) {
        return OutputGroup.builder()
                .name("Apple HLS")
                .outputGroupSettings(OutputGroupSettings.builder()
                        .type(OutputGroupType.HLS_GROUP_SETTINGS)
                        .hlsGroupSettings(HlsGroupSettings.builder()
                                .destination(destination)
                                .segmentLength(segmentLength)
                                .minSegmentLength(0)
                                .build())
                        .build())
                .outputs(ladder.stream()
                        .map(rung -> Output.builder()
                                .nameModifier(rung.nameModifier())
                                .containerSettings(ContainerSettings.builder()
                                        .container(ContainerType.M3_U8)
                                        .build())
                                .videoDescription(video(rung))
                                .audioDescriptions(aac())
                                .build())
                        .toList())
                .build();
    }

    private static OutputGroup fileGroup(String destination, Output output) {
        return OutputGroup.builder()
                .outputGroupSettings(OutputGroupSettings.builder()
                        .type(OutputGroupType.FILE_GROUP_SETTINGS)
                        .fileGroupSettings(FileGroupSettings.builder()
                                .destination(destination)
                                .build())
                        .build())
                .outputs(output)
                .build();
    }

    private static Output mp4(Rung rung) {
        return Output.builder()
                .nameModifier(rung.nameModifier())
                .containerSettings(
                        ContainerSettings.builder().container(ContainerType.MP4).build())
                .videoDescription(video(rung))
                .audioDescriptions(aac())
                .build();
    }

    private static Output captures(Integer width, Integer height, int everySeconds, int max, int quality) {
        return Output.builder()
                .containerSettings(
                        ContainerSettings.builder().container(ContainerType.RAW).build())
                .videoDescription(VideoDescription.builder()
                        .width(width)
                        .height(height)
                        .codecSettings(VideoCodecSettings.builder()
                                .codec(VideoCodec.FRAME_CAPTURE)
                                .frameCaptureSettings(FrameCaptureSettings.builder()
                                        .framerateNumerator(1)
                                        .framerateDenominator(everySeconds)
                                        .maxCaptures(max)
                                        .quality(quality)
                                        .build())
                                .build())
                        .build())
                .build();
    }

    static VideoDescription video(Rung rung) {
        return VideoDescription.builder()
                .width(rung.width() == 0 ? null : rung.width())
                .height(rung.height() == 0 ? null : rung.height())
                .codecSettings(VideoCodecSettings.builder()
                        .codec(VideoCodec.H_264)
                        .h264Settings(H264Settings.builder()
                                .rateControlMode(H264RateControlMode.QVBR)
                                .maxBitrate(rung.bitrate())
                                .gopSize(2.0)
                                .gopSizeUnits(H264GopSizeUnits.SECONDS)
                                .build())
                        .build())
                .build();
    }

    static AudioDescription aac() {
        return AudioDescription.builder()
                .audioSourceName("Audio Selector 1")
                .codecSettings(AudioCodecSettings.builder()
                        .codec(AudioCodec.AAC)
                        .aacSettings(AacSettings.builder()
                                .bitrate(96_000)
                                .sampleRate(48_000)
                                .codingMode(AacCodingMode.CODING_MODE_2_0)
                                .build())
                        .build())
                .build();
    }
}
