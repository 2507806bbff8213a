package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.transcode.job.OutputPlan.Picture;
import org.junit.jupiter.api.Test;

class LadderTests {

    private final Ladder ladder = TemplateFixtures.ladder();

    @Test
    void a720pSourceGetsTheWholeReferenceLadder() {
        OutputPlan plan = ladder.plan(SourceMedia.video(1280, 720, true, 4_000));

        assertThat(plan.ladder())
                .extracting(Picture::width, Picture::height)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(640, 360),
                        org.assertj.core.groups.Tuple.tuple(960, 540),
                        org.assertj.core.groups.Tuple.tuple(1280, 720));
        assertThat(plan.mp4()).isEqualTo(new Picture(1280, 720, 4_500_000));
        assertThat(plan.thumbnails().width()).isEqualTo(640);
        assertThat(plan.thumbnails().intervalMs()).isEqualTo(5_000);
        assertThat(plan.audio()).isTrue();
        assertThat(plan.rotate()).isFalse();
    }

    @Test
    void a1080pSourceIsScaledDownToTheLadderAndNotKeptAtItsOwnSize() {
        OutputPlan plan = ladder.plan(SourceMedia.video(1920, 1080, true, 4_000));

        assertThat(plan.ladder()).extracting(Picture::height).containsExactly(360, 540, 720);
    }

    @Test
    void withTheDefaultTemplateA1080pSourceGetsA1080pRungAndNothingLarger() {
        OutputPlan plan = TemplateFixtures.standardLadder().plan(SourceMedia.video(1920, 1080, true, 4_000));

        assertThat(plan.ladder()).extracting(Picture::height).containsExactly(360, 540, 720, 1080);
        assertThat(plan.ladder().get(3)).isEqualTo(new Picture(1920, 1080, 8_000_000));
    }

    @Test
    void withTheDefaultTemplateA2160pSourceGetsEveryRungUpTo2160p() {
        OutputPlan plan = TemplateFixtures.standardLadder().plan(SourceMedia.video(3840, 2160, true, 4_000));

        assertThat(plan.ladder()).extracting(Picture::height).containsExactly(360, 540, 720, 1080, 1440, 2160);
        assertThat(plan.ladder().get(5)).isEqualTo(new Picture(3840, 2160, 20_000_000));
    }

    @Test
    void withTheDefaultTemplateA1440pSourceStopsAt1440p() {
        OutputPlan plan = TemplateFixtures.standardLadder().plan(SourceMedia.video(2560, 1440, true, 4_000));

        assertThat(plan.ladder()).extracting(Picture::height).containsExactly(360, 540, 720, 1080, 1440);
    }

    @Test
    void withTheDefaultTemplateAPortrait2160pPhoneVideoGetsPortraitRungsUpToItsSize() {
        OutputPlan plan = TemplateFixtures.standardLadder().plan(new SourceMedia(3840, 2160, 90, true, true, 4_000));

        assertThat(plan.ladder()).extracting(Picture::width).containsExactly(360, 540, 720, 1080, 1440, 2160);
        assertThat(plan.ladder()).allSatisfy(p -> assertThat(p.height()).isGreaterThan(p.width()));
    }

    @Test
    void a360pSourceIsNeverUpscaled() {
        OutputPlan plan = ladder.plan(SourceMedia.video(640, 360, true, 4_000));

        assertThat(plan.ladder()).containsExactly(new Picture(640, 360, 1_000_000));
        assertThat(plan.mp4()).extracting(Picture::width, Picture::height).containsExactly(640, 360);
        assertThat(plan.thumbnails().width()).isEqualTo(640);
    }

    @Test
    void a480pSourceGetsTheLowerRungsAndItsOwnSize() {
        OutputPlan plan = ladder.plan(SourceMedia.video(854, 480, true, 4_000));

        assertThat(plan.ladder())
                .extracting(Picture::width, Picture::height)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(640, 360), org.assertj.core.groups.Tuple.tuple(854, 480));
        assertThat(plan.ladder().get(1).maxBitrate()).isBetween(1_000_000, 2_500_000);
        assertThat(plan.mp4()).extracting(Picture::width, Picture::height).containsExactly(854, 480);
    }

    @Test
    void aFourByThreeSourceKeepsItsAspectRatio() {
        OutputPlan plan = ladder.plan(SourceMedia.video(640, 480, false, 4_000));

        assertThat(plan.ladder())
                .extracting(Picture::width, Picture::height)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(480, 360), org.assertj.core.groups.Tuple.tuple(640, 480));
        assertThat(plan.audio()).isFalse();
    }

    @Test
    void aPortraitSourceStaysPortrait() {
        OutputPlan plan = ladder.plan(SourceMedia.video(720, 1280, true, 4_000));

        assertThat(plan.ladder())
                .extracting(Picture::width, Picture::height)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(360, 640),
                        org.assertj.core.groups.Tuple.tuple(540, 960),
                        org.assertj.core.groups.Tuple.tuple(720, 1280));
        assertThat(plan.mp4()).extracting(Picture::width, Picture::height).containsExactly(720, 1280);
        assertThat(plan.thumbnails().height()).isGreaterThan(plan.thumbnails().width());
    }

    @Test
    void aPhoneVideoStoredLandscapeWithRotationIsPlannedAsDisplayed() {
        OutputPlan plan = ladder.plan(new SourceMedia(1920, 1080, 90, true, true, 4_000));

        assertThat(plan.rotate()).isTrue();
        assertThat(plan.ladder()).allSatisfy(p -> assertThat(p.height()).isGreaterThan(p.width()));
        assertThat(plan.ladder()).extracting(Picture::width).containsExactly(360, 540, 720);
    }

    @Test
    void oddSizesBecomeEven() {
        OutputPlan plan = ladder.plan(SourceMedia.video(639, 359, true, 4_000));

        assertThat(plan.ladder()).allSatisfy(p -> {
            assertThat(p.width() % 2).isZero();
            assertThat(p.height() % 2).isZero();
        });
    }

    @Test
    void anAudioOnlySourceGetsAnAudioRenditionOnly() {
        OutputPlan plan = ladder.plan(SourceMedia.audioOnly(4_000));

        assertThat(plan.audioOnly()).isTrue();
        assertThat(plan.mp4()).isNull();
        assertThat(plan.thumbnails()).isNull();
    }

    @Test
    void aSourceOverTheMaximumDurationIsRefused() {
        assertThatThrownBy(() -> ladder.plan(SourceMedia.video(1280, 720, true, 5 * 3600_000L)))
                .isInstanceOfSatisfying(SourceRefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo(Ladder.SOURCE_TOO_LONG);
                    assertThat(e.getMessage()).contains("5 h 0 min").contains("4 h 0 min");
                });
    }

    @Test
    void capturesCoverTheDurationAtTheInterval() {
        OutputPlan plan = ladder.plan(SourceMedia.video(1280, 720, true, 12_000));

        assertThat(plan.thumbnails().maxCaptures()).isEqualTo(3);
    }
}
