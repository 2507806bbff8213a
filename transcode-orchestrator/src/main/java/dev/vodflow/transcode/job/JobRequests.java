package dev.vodflow.transcode.job;

import dev.vodflow.events.EventIds;
import dev.vodflow.transcode.job.OutputPlan.Capture;
import dev.vodflow.transcode.job.OutputPlan.Picture;
import dev.vodflow.transcode.job.TranscodeProperties.Packaging;
import dev.vodflow.transcode.job.TranscodeProperties.Template;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.mediaconvert.model.H264QvbrSettings;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.HlsAudioOnlyContainer;
import software.amazon.awssdk.services.mediaconvert.model.HlsAudioTrackType;
import software.amazon.awssdk.services.mediaconvert.model.HlsGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.HlsSettings;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.InputRotate;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Mp4MoovPlacement;
import software.amazon.awssdk.services.mediaconvert.model.Mp4Settings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;
import software.amazon.awssdk.services.mediaconvert.model.OutputSettings;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodecSettings;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;
import software.amazon.awssdk.services.mediaconvert.model.VideoSelector;

/**
 * Builds the CreateJob request for one attempt: the plan as MediaConvert job settings, outputs under
 * {@code output/{videoId}/}, and a client request token that is the same every time this attempt is submitted.
 */
public class JobRequests {

    public static final String META_VIDEO_ID = "videoId";
    public static final String META_ATTEMPT = "attempt";
    static final String AUDIO_SELECTOR = "Audio Selector 1";

    /** The HLS group's audio rendition group, MediaConvert's default name for it. */
    static final String HLS_AUDIO_GROUP = "program_audio";

    /** Base names MediaConvert appends name modifiers and extensions to. */
    public static final String HLS_MASTER = "hls/master";

    /** The CMAF group's base: {@code cmaf/master.m3u8} and {@code cmaf/master.mpd} over the same fMP4 segments. */
    public static final String CMAF_MASTER = "cmaf/master";

    /**
     * The progressive MP4's base, under the video's download prefix (not its output prefix): a playback session's
     * cookies open {@code output/{videoId}/*} only, so the MP4 is reached only with the signed link playback gives
     * out while the owner allows downloads.
     */
    public static final String MP4_BASE = "mp4/video";

    public static final String THUMBNAIL_BASE = "thumbnails/thumb";

    private final Template template;
    private final TranscodeProperties.MediaConvert mediaConvert;

    public JobRequests(Template template, TranscodeProperties.MediaConvert mediaConvert) {
        this.template = template;
        this.mediaConvert = mediaConvert;
    }

    /** The output prefix of a video, without bucket: {@code output/{videoId}/}. */
    public static String outputPrefix(String videoId) {
        return "output/" + videoId + "/";
    }

    /**
     * Where a video's progressive MP4 goes, without bucket: {@code download/{videoId}/}, outside the prefix the
     * streaming cookies open.
     */
    public static String downloadPrefix(String videoId) {
        return "download/" + videoId + "/";
    }

    /** Every prefix a video's outputs are written under, for listing or removing them all. */
    public static List<String> outputPrefixes(String videoId) {
        return List.of(outputPrefix(videoId), downloadPrefix(videoId));
    }

    /** The idempotency token of one attempt; MediaConvert returns the original job when it sees it again. */
    public static String clientRequestToken(String videoId, int attempt) {
        return EventIds.nameBased("mediaconvert.create-job", videoId, Integer.toString(attempt));
    }

    CreateJobRequest build(TranscodeJob job, String outputBucket, OutputPlan plan) {
        String destination = "s3://" + outputBucket + "/" + outputPrefix(job.videoId());
        Input.Builder input = Input.builder().fileInput("s3://" + job.sourceBucket() + "/" + job.sourceKey());
        if (plan.audio()) {
            input.audioSelectors(Map.of(
                    AUDIO_SELECTOR,
                    AudioSelector.builder()
                            .defaultSelection(AudioDefaultSelection.DEFAULT)
                            .build()));
        }
        if (plan.rotate()) {
            // MediaConvert ignores rotation metadata unless told to apply it.
            input.videoSelector(VideoSelector.builder().rotate(InputRotate.AUTO).build());
        }
        // Streaming groups first, then the MP4 and the captures: the completion report relies on that order.
        List<OutputGroup> groups = new ArrayList<>();
        if (template.packaging().contains(Packaging.HLS_TS)) {
            groups.add(hlsGroup(destination + HLS_MASTER, plan));
        }
        if (template.packaging().contains(Packaging.CMAF)) {
            groups.add(cmafGroup(destination + CMAF_MASTER, plan));
        }
        if (plan.mp4() != null) {
            String downloads = "s3://" + outputBucket + "/" + downloadPrefix(job.videoId());
            groups.add(fileGroup("MP4", downloads + MP4_BASE, List.of(mp4Output(plan.mp4(), plan.audio()))));
        }
        if (plan.thumbnails() != null) {
            groups.add(
                    fileGroup("Thumbnails", destination + THUMBNAIL_BASE, List.of(captureOutput(plan.thumbnails()))));
        }
        CreateJobRequest.Builder request = CreateJobRequest.builder()
                .role(mediaConvert.roleArn())
                .clientRequestToken(job.clientRequestToken())
                .userMetadata(Map.of(META_VIDEO_ID, job.videoId(), META_ATTEMPT, Integer.toString(job.attempt())))
                .settings(JobSettings.builder()
                        .inputs(input.build())
                        .outputGroups(groups)
                        .build());
        if (mediaConvert.queue() != null && !mediaConvert.queue().isBlank()) {
            request.queue(mediaConvert.queue());
        }
        return request.build();
    }

    /**
     * MediaConvert's HLS group in MPEG-TS: video-only rungs that all play with one audio rendition group, a single
     * AAC output announced by {@code EXT-X-MEDIA} (as MediaConvert's own ABR templates do), so the audio is encoded
     * and stored once instead of once per rung. An audio-only source gets that output as its one variant.
     */
    private OutputGroup hlsGroup(String destination, OutputPlan plan) {
        List<Output> outputs = new ArrayList<>();
        boolean renditionGroup = plan.audio() && !plan.audioOnly();
        for (Picture picture : plan.ladder()) {
            Output.Builder output = Output.builder()
                    .nameModifier(picture.nameModifier())
                    .containerSettings(ContainerSettings.builder()
                            .container(ContainerType.M3_U8)
                            .build())
                    .videoDescription(h264(picture));
            if (renditionGroup) {
                output.outputSettings(OutputSettings.builder()
                        .hlsSettings(HlsSettings.builder()
                                .audioRenditionSets(HLS_AUDIO_GROUP)
                                .build())
                        .build());
            }
            outputs.add(output.build());
        }
        if (plan.audio()) {
            outputs.add(Output.builder()
                    .nameModifier("_audio")
                    .containerSettings(ContainerSettings.builder()
                            .container(ContainerType.M3_U8)
                            .build())
                    .outputSettings(OutputSettings.builder()
                            .hlsSettings(HlsSettings.builder()
                                    .audioGroupId(HLS_AUDIO_GROUP)
                                    .audioTrackType(
                                            renditionGroup
                                                    ? HlsAudioTrackType.ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT
                                                    : HlsAudioTrackType.AUDIO_ONLY_VARIANT_STREAM)
                                    // Transport-stream segments like the rungs', which every HLS player reads.
                                    .audioOnlyContainer(HlsAudioOnlyContainer.M2_TS)
                                    .build())
                            .build())
                    .audioDescriptions(aac())
                    .build());
        }
        int segmentSeconds = segmentSeconds();
        return OutputGroup.builder()
                .name("HLS")
                .outputGroupSettings(OutputGroupSettings.builder()
                        .type(OutputGroupType.HLS_GROUP_SETTINGS)
                        .hlsGroupSettings(HlsGroupSettings.builder()
                                .destination(destination)
                                .segmentLength(segmentSeconds)
                                .minSegmentLength(0)
                                .build())
                        .build())
                .outputs(outputs)
                .build();
    }

    /**
     * MediaConvert's CMAF group: each rung a video-only track and one AAC track that every rung plays with, fMP4
     * segments of the template's length (one fragment each), an HLS and a DASH manifest over the same files.
     */
    private OutputGroup cmafGroup(String destination, OutputPlan plan) {
        List<Output> outputs = new ArrayList<>();
        for (Picture picture : plan.ladder()) {
            outputs.add(Output.builder()
                    .nameModifier(picture.nameModifier())
                    .containerSettings(ContainerSettings.builder()
                            .container(ContainerType.CMFC)
                            .build())
                    .videoDescription(h264(picture))
                    .build());
        }
        if (plan.audio()) {
            outputs.add(Output.builder()
                    .nameModifier("_audio")
                    .containerSettings(ContainerSettings.builder()
                            .container(ContainerType.CMFC)
                            .build())
                    .audioDescriptions(aac())
                    .build());
        }
        int segmentSeconds = segmentSeconds();
        return OutputGroup.builder()
                .name("CMAF")
                .outputGroupSettings(OutputGroupSettings.builder()
                        .type(OutputGroupType.CMAF_GROUP_SETTINGS)
                        .cmafGroupSettings(CmafGroupSettings.builder()
                                .destination(destination)
                                .segmentLength(segmentSeconds)
                                .fragmentLength(segmentSeconds)
                                .segmentControl(CmafSegmentControl.SEGMENTED_FILES)
                                .writeHlsManifest(CmafWriteHLSManifest.ENABLED)
                                .writeDashManifest(CmafWriteDASHManifest.ENABLED)
                                .build())
                        .build())
                .outputs(outputs)
                .build();
    }

    /** MediaConvert takes whole seconds. */
    private int segmentSeconds() {
        return (int) Math.max(1, template.segmentLength().toSeconds());
    }

    private static OutputGroup fileGroup(String name, String destination, List<Output> outputs) {
        return OutputGroup.builder()
                .name(name)
                .outputGroupSettings(OutputGroupSettings.builder()
                        .type(OutputGroupType.FILE_GROUP_SETTINGS)
                        .fileGroupSettings(FileGroupSettings.builder()
                                .destination(destination)
                                .build())
                        .build())
                .outputs(outputs)
                .build();
    }

    private Output mp4Output(Picture picture, boolean audio) {
        Output.Builder output = Output.builder()
                .nameModifier(picture.nameModifier())
                .extension("mp4")
                .containerSettings(ContainerSettings.builder()
                        .container(ContainerType.MP4)
                        .mp4Settings(Mp4Settings.builder()
                                .moovPlacement(Mp4MoovPlacement.PROGRESSIVE_DOWNLOAD)
                                .build())
                        .build())
                .videoDescription(h264(picture));
        if (audio) {
            output.audioDescriptions(aac());
        }
        return output.build();
    }

    private static Output captureOutput(Capture capture) {
        // One frame every interval: frame rate = 1000 / intervalMs, as a fraction MediaConvert accepts.
        return Output.builder()
                .extension("jpg")
                .containerSettings(
                        ContainerSettings.builder().container(ContainerType.RAW).build())
                .videoDescription(VideoDescription.builder()
                        .width(capture.width())
                        .height(capture.height())
                        .codecSettings(VideoCodecSettings.builder()
                                .codec(VideoCodec.FRAME_CAPTURE)
                                .frameCaptureSettings(FrameCaptureSettings.builder()
                                        .framerateNumerator(1000)
                                        .framerateDenominator((int) capture.intervalMs())
                                        .maxCaptures(capture.maxCaptures())
                                        .quality(capture.quality())
                                        .build())
                                .build())
                        .build())
                .build();
    }

    private VideoDescription h264(Picture picture) {
        return VideoDescription.builder()
                .width(picture.width())
                .height(picture.height())
                .codecSettings(VideoCodecSettings.builder()
                        .codec(VideoCodec.H_264)
                        .h264Settings(H264Settings.builder()
                                .rateControlMode(H264RateControlMode.QVBR)
                                .maxBitrate(picture.maxBitrate())
                                .qvbrSettings(H264QvbrSettings.builder()
                                        .qvbrQualityLevel(template.qvbrQualityLevel())
                                        .build())
                                // Whole GOPs per segment keep keyframes aligned across rungs.
                                .gopSize((double) template.gopSize().toMillis() / 1000.0)
                                .gopSizeUnits(H264GopSizeUnits.SECONDS)
                                .build())
                        .build())
                .build();
    }

    private AudioDescription aac() {
        AudioDescription.Builder audio = AudioDescription.builder().audioSourceName(AUDIO_SELECTOR);
        if (template.audio().loudnessTarget() != null) {
            // BS.1770-3 is the gated measurement EBU R128 is defined on.
            audio.audioNormalizationSettings(AudioNormalizationSettings.builder()
                    .algorithm(AudioNormalizationAlgorithm.ITU_BS_1770_3)
                    .algorithmControl(AudioNormalizationAlgorithmControl.CORRECT_AUDIO)
                    .targetLkfs(template.audio().loudnessTarget())
                    .build());
        }
        return audio.codecSettings(AudioCodecSettings.builder()
                        .codec(AudioCodec.AAC)
                        .aacSettings(AacSettings.builder()
                                .bitrate(template.audio().bitrate())
                                .sampleRate(template.audio().sampleRate())
                                .codingMode(AacCodingMode.CODING_MODE_2_0)
                                .build())
                        .build())
                .build();
    }
}
