package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.InputRotate;
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
        assertThat(hls.outputs()).extracting(o -> o.nameModifier()).containsExactly("_360p", "_540p", "_720p");
        assertThat(request.settings()
                        .outputGroups()
                        .get(1)
                        .outputGroupSettings()
                        .fileGroupSettings()
                        .destination())
                .isEqualTo("s3://out-bucket/output/vid-1/mp4/video");
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
    void anAudioOnlyJobHasOneAudioRenditionAndNoPictures() {
        CreateJobRequest request =
                requests.build(job(1), "out", TemplateFixtures.ladder().plan(SourceMedia.audioOnly(3_000)));

        assertThat(request.settings().outputGroups()).hasSize(1);
        assertThat(request.settings().outputGroups().get(0).outputs())
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.videoDescription()).isNull();
                    assertThat(o.audioDescriptions()).hasSize(1);
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
