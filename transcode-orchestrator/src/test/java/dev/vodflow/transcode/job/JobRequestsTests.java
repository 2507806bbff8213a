package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioNormalizationAlgorithmControl;
import software.amazon.awssdk.services.mediaconvert.model.CmafGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteDASHManifest;
import software.amazon.awssdk.services.mediaconvert.model.CmafWriteHLSManifest;
import software.amazon.awssdk.services.mediaconvert.model.ContainerType;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.HlsAudioOnlyContainer;
import software.amazon.awssdk.services.mediaconvert.model.HlsAudioTrackType;
import software.amazon.awssdk.services.mediaconvert.model.HlsSettings;
import software.amazon.awssdk.services.mediaconvert.model.InputRotate;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupType;

class JobRequestsTests {

    private final JobRequests requests = new JobRequests(
            TemplateFixtures.reference(), new TranscodeProperties.MediaConvert("arn:aws:iam::1:role/mc", ""));

    private static TranscodeJob job(int attempt) {
        return TranscodeJob.pending(
                "vid-1", attempt, "alice", "in-bucket", "input/vid-1/source", "ev-1", Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void theTokenIsTheSameForOneAttemptAndDiffersBetweenAttempts() {
        assertThat(JobRequests.clientRequestToken("vid-1", 1)).isEqualTo(JobRequests.clientRequestToken("vid-1", 1));
        assertThat(JobRequests.clientRequestToken("vid-1", 1)).isNotEqualTo(JobRequests.clientRequestToken("vid-1", 2));
        assertThat(JobRequests.clientRequestToken("vid-1", 1)).isNotEqualTo(JobRequests.clientRequestToken("vid-2", 1));
    }

    @Test
    void theReferenceJobWritesUnderTheVideosOutputPrefixWithPlainIdsAsMetadata() {
        OutputPlan plan = TemplateFixtures.ladder().plan(SourceMedia.video(1280, 720, true, 4_000));

        CreateJobRequest request = requests.build(job(2), "out-bucket", plan);

        assertThat(request.clientRequestToken()).isEqualTo(JobRequests.clientRequestToken("vid-1", 2));
        assertThat(request.userMetadata())
                .containsOnlyKeys("videoId", "attempt")
                .containsEntry("attempt", "2");
        assertThat(request.settings().inputs().get(0).fileInput()).isEqualTo("s3://in-bucket/input/vid-1/source");
        assertThat(request.settings().outputGroups()).hasSize(3);
        OutputGroup hls = request.settings().outputGroups().get(0);
        assertThat(hls.outputGroupSettings().type()).isEqualTo(OutputGroupType.HLS_GROUP_SETTINGS);
        assertThat(hls.outputGroupSettings().hlsGroupSettings().destination())
                .isEqualTo("s3://out-bucket/output/vid-1/hls/master");
        assertThat(hls.outputGroupSettings().hlsGroupSettings().segmentLength()).isEqualTo(6);
        assertThat(hls.outputs())
                .extracting(o -> o.nameModifier())
                .containsExactly("_360p", "_540p", "_720p", "_audio");
        assertThat(request.settings()
                        .outputGroups()
                        .get(1)
                        .outputGroupSettings()
                        .fileGroupSettings()
                        .destination())
                .isEqualTo("s3://out-bucket/download/vid-1/mp4/video");
        assertThat(request.settings()
                        .outputGroups()
                        .get(2)
                        .outputGroupSettings()
                        .fileGroupSettings()
                        .destination())
                .isEqualTo("s3://out-bucket/output/vid-1/thumbnails/thumb");
        assertThat(request.settings()
                        .outputGroups()
                        .get(2)
                        .outputs()
                        .get(0)
                        .videoDescription()
                        .codecSettings()
                        .frameCaptureSettings()
                        .framerateDenominator())
                .isEqualTo(5000);
    }

    @Test
    void theDefaultJobIsOneCmafGroupWithVideoOnlyRungsAndOneNormalisedAudioTrack() {
        JobRequests standard = new JobRequests(
                TemplateFixtures.standard(), new TranscodeProperties.MediaConvert("arn:aws:iam::1:role/mc", ""));
        OutputPlan plan = TemplateFixtures.standardLadder().plan(SourceMedia.video(1920, 1080, true, 4_000));

        CreateJobRequest request = standard.build(job(1), "out-bucket", plan);

        assertThat(request.settings().outputGroups())
                .extracting(g -> g.outputGroupSettings().type())
                .containsExactly(
                        OutputGroupType.CMAF_GROUP_SETTINGS,
                        OutputGroupType.FILE_GROUP_SETTINGS,
                        OutputGroupType.FILE_GROUP_SETTINGS);
        OutputGroup cmaf = request.settings().outputGroups().get(0);
        CmafGroupSettings settings = cmaf.outputGroupSettings().cmafGroupSettings();
        assertThat(settings.destination()).isEqualTo("s3://out-bucket/output/vid-1/cmaf/master");
        assertThat(settings.writeHlsManifest()).isEqualTo(CmafWriteHLSManifest.ENABLED);
        assertThat(settings.writeDashManifest()).isEqualTo(CmafWriteDASHManifest.ENABLED);
        assertThat(settings.segmentLength()).isEqualTo(6);
        assertThat(settings.fragmentLength()).isEqualTo(6);
        assertThat(cmaf.outputs())
                .extracting(o -> o.nameModifier())
                .containsExactly("_360p", "_540p", "_720p", "_1080p", "_audio");
        assertThat(cmaf.outputs())
                .allSatisfy(o -> assertThat(o.containerSettings().container()).isEqualTo(ContainerType.CMFC));
        assertThat(cmaf.outputs().subList(0, 4))
                .allSatisfy(o -> assertThat(o.audioDescriptions()).isEmpty());
        assertThat(cmaf.outputs()
                        .get(3)
                        .videoDescription()
                        .codecSettings()
                        .h264Settings()
                        .maxBitrate())
                .isEqualTo(8_000_000);
        AudioDescription audio = cmaf.outputs().get(4).audioDescriptions().get(0);
        assertThat(cmaf.outputs().get(4).videoDescription()).isNull();
        assertThat(audio.audioNormalizationSettings().targetLkfs()).isEqualTo(-16.0);
        assertThat(audio.audioNormalizationSettings().algorithmControl())
                .isEqualTo(AudioNormalizationAlgorithmControl.CORRECT_AUDIO);
    }

    @Test
    void bothPackagingsMakeTwoStreamingGroupsBeforeTheFiles() {
        TranscodeProperties.Template standard = TemplateFixtures.standard();
        TranscodeProperties.Template both = new TranscodeProperties.Template(
                java.util.List.of(TranscodeProperties.Packaging.HLS_TS, TranscodeProperties.Packaging.CMAF),
                standard.segmentLength(),
                standard.gopSize(),
                standard.qvbrQualityLevel(),
                standard.ladder(),
                standard.mp4(),
                standard.thumbnails(),
                standard.audio());
        OutputPlan plan =
                new Ladder(both, java.time.Duration.ofHours(1)).plan(SourceMedia.video(1280, 720, true, 4_000));

        CreateJobRequest request = new JobRequests(
                        both, new TranscodeProperties.MediaConvert("arn:aws:iam::1:role/mc", ""))
                .build(job(1), "out-bucket", plan);

        assertThat(request.settings().outputGroups())
                .extracting(g -> g.outputGroupSettings().type())
                .containsExactly(
                        OutputGroupType.HLS_GROUP_SETTINGS,
                        OutputGroupType.CMAF_GROUP_SETTINGS,
                        OutputGroupType.FILE_GROUP_SETTINGS,
                        OutputGroupType.FILE_GROUP_SETTINGS);
        // The TS group has its own audio rendition (MediaConvert encodes per group), shared by its rungs.
        assertThat(request.settings().outputGroups().get(0).outputs())
                .filteredOn(o -> !o.audioDescriptions().isEmpty())
                .singleElement()
                .satisfies(o -> assertThat(o.nameModifier()).isEqualTo("_audio"));
    }

    @Test
    void theTransportStreamRungsPlayWithOneAudioRenditionGroup() {
        OutputPlan plan = TemplateFixtures.ladder().plan(SourceMedia.video(1280, 720, true, 4_000));

        OutputGroup hls = requests.build(job(1), "out-bucket", plan)
                .settings()
                .outputGroups()
                .get(0);

        assertThat(hls.outputs().subList(0, 3)).allSatisfy(rung -> {
            assertThat(rung.audioDescriptions()).isEmpty();
            assertThat(rung.videoDescription()).isNotNull();
            assertThat(rung.outputSettings().hlsSettings().audioRenditionSets()).isEqualTo("program_audio");
        });
        Output audio = hls.outputs().get(3);
        assertThat(audio.videoDescription()).isNull();
        assertThat(audio.audioDescriptions()).hasSize(1);
        HlsSettings settings = audio.outputSettings().hlsSettings();
        assertThat(settings.audioGroupId()).isEqualTo("program_audio");
        assertThat(settings.audioTrackType()).isEqualTo(HlsAudioTrackType.ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT);
        assertThat(settings.audioOnlyContainer()).isEqualTo(HlsAudioOnlyContainer.M2_TS);
    }

    @Test
    void anUnknownTemplateNameFailsAtStartWithTheSettingsName() {
        assertThatThrownBy(() -> new TranscodeProperties(
                        "fancy",
                        java.util.Map.of("default", TemplateFixtures.standard()),
                        java.time.Duration.ofHours(4),
                        3,
                        "1500",
                        null,
                        null,
                        null,
                        null,
                        null))
                .hasMessageContaining("vodflow.transcode.template is 'fancy'")
                .hasMessageContaining("[default]");
    }

    @Test
    void anAudioOnlyJobHasOneAudioRenditionAndNoPictures() {
        CreateJobRequest request =
                requests.build(job(1), "out", TemplateFixtures.ladder().plan(SourceMedia.audioOnly(3_000)));

        assertThat(request.settings().outputGroups()).hasSize(1);
        assertThat(request.settings().outputGroups().get(0).outputs())
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.videoDescription()).isNull();
                    assertThat(o.audioDescriptions()).hasSize(1);
                    // with no picture to go with, the audio is the variant itself
                    assertThat(o.outputSettings().hlsSettings().audioTrackType())
                            .isEqualTo(HlsAudioTrackType.AUDIO_ONLY_VARIANT_STREAM);
                });
    }

    @Test
    void aVideoWithoutSoundHasNoAudioSelectorOrAudio() {
        CreateJobRequest request = requests.build(
                job(1), "out", TemplateFixtures.ladder().plan(SourceMedia.video(640, 360, false, 3_000)));

        assertThat(request.settings().inputs().get(0).audioSelectors()).isEmpty();
        assertThat(request.settings().outputGroups().get(0).outputs())
                .allSatisfy(o -> assertThat(o.audioDescriptions()).isEmpty());
    }

    @Test
    void rotationMetadataIsAppliedOnlyWhenTheSourceHasIt() {
        CreateJobRequest rotated = requests.build(
                job(1), "out", TemplateFixtures.ladder().plan(new SourceMedia(1280, 720, 90, true, true, 3_000)));
        CreateJobRequest upright = requests.build(
                job(1), "out", TemplateFixtures.ladder().plan(SourceMedia.video(1280, 720, true, 3_000)));

        assertThat(rotated.settings().inputs().get(0).videoSelector().rotate()).isEqualTo(InputRotate.AUTO);
        assertThat(upright.settings().inputs().get(0).videoSelector()).isNull();
    }
}
