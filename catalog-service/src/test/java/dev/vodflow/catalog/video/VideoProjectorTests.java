package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.events.TranscodeProgress;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import dev.vodflow.events.VodflowEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VideoProjectorTests {

    private final VideoFixtures v = VideoFixtures.video("v1", "alice");

    @Test
    void uploadedVideoIsProcessingAndPrivateWithTheUploadTitle() {
        Video video = project(v.uploaded());

        assertThat(video.state()).isEqualTo(VideoState.PROCESSING);
        assertThat(video.percent()).isZero();
        assertThat(video.title()).isEqualTo("Surfing at dawn");
        assertThat(video.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(video.createdAt()).isEqualTo(v.uploaded().occurredAt());
        assertThat(video.updatedAt()).isEqualTo(v.uploaded().occurredAt());
    }

    @Test
    void uploadWithoutTitleIsNamedAfterItsFile() {
        assertThat(project(v.uploaded(null)).title()).isEqualTo("surf dawn.mov");
    }

    @Test
    void progressMovesThePercentAndTheUpdateTime() {
        Video video = project(v.uploaded(), v.progress(40));

        assertThat(video.percent()).isEqualTo(40);
        assertThat(video.updatedAt()).isEqualTo(v.progress(40).occurredAt());
    }

    @Test
    void completedVideoIsReadyWithOutputsAndTheMiddleThumbnailAsPoster() {
        Video video = project(v.uploaded(), v.progress(40), v.completed());

        assertThat(video.state()).isEqualTo(VideoState.READY);
        assertThat(video.percent()).isEqualTo(100);
        assertThat(video.completion().durationMs()).isEqualTo(20_040L);
        assertThat(video.completion().sourceWidth()).isEqualTo(1920);
        assertThat(video.completion().hlsMasterPath()).isEqualTo("output/v1/hls/master.m3u8");
        assertThat(video.completion().posterPath()).isEqualTo("output/v1/thumbnails/t.0000001.jpg");
        assertThat(video.renditions()).hasSize(3);
        assertThat(video.thumbnails()).hasSize(3);
        assertThat(video.progress()).isNull();
    }

    @Test
    void completedVideoHasItsStoryboardAndIsNotDownloadableUntilTheOwnerSaysSo() {
        Video ready = VideoProjector.apply(VideoProjector.apply(null, v.uploaded()), v.completed());
        assertThat(ready.completion().storyboardPath()).isEqualTo("output/" + v.id() + "/storyboard/storyboard.vtt");
        assertThat(ready.downloadable()).isFalse();

        Video allowed = VideoProjector.apply(
                ready,
                new VideoUpdated(
                        "u-1",
                        v.id(),
                        v.owner(),
                        ready.updatedAt().plusSeconds(1),
                        null,
                        null,
                        Visibility.PUBLIC,
                        true));
        assertThat(allowed.downloadable()).isTrue();
        // An older event (no downloadable field) means no.
        Video withdrawn = VideoProjector.apply(
                allowed,
                new VideoUpdated(
                        "u-2", v.id(), v.owner(), ready.updatedAt().plusSeconds(2), null, null, Visibility.PUBLIC));
        assertThat(withdrawn.downloadable()).isFalse();
    }

    @Test
    void progressAfterReadyIsIgnored() {
        Video ready = project(v.uploaded(), v.completed());
        TranscodeProgress late = v.progress(70, 2);

        assertThat(VideoProjector.apply(ready, late)).isEqualTo(ready);
    }

    @Test
    void failedVideoCarriesTheCodeAndMessage() {
        Video video = project(v.uploaded(), v.progress(10), v.failed(1));

        assertThat(video.state()).isEqualTo(VideoState.FAILED);
        assertThat(video.failure().errorCode()).isEqualTo("1010");
        assertThat(video.failure().message()).contains("not a video");
    }

    @Test
    void retryAfterFailureShowsProcessingAgainThenReady() {
        Video retrying = project(v.uploaded(), v.failed(1), v.progress(30, 2));
        assertThat(retrying.state()).isEqualTo(VideoState.PROCESSING);
        assertThat(retrying.percent()).isEqualTo(30);

        Video ready = VideoProjector.apply(retrying, v.completed(2));
        assertThat(ready.state()).isEqualTo(VideoState.READY);
        assertThat(ready.failure()).isNull();
    }

    @Test
    void failureAfterReadyIsIgnored() {
        Video ready = project(v.uploaded(), v.completed(1));

        assertThat(VideoProjector.apply(ready, v.failed(2))).isEqualTo(ready);
    }

    @Test
    void completedBeforeUploadedMakesAReadyVideoThatGetsItsTitleLater() {
        Video early = project(v.completed());
        assertThat(early.state()).isEqualTo(VideoState.READY);
        assertThat(early.ownerId()).isEqualTo("alice");
        assertThat(early.title()).isEqualTo(VideoProjector.UNTITLED);

        Video complete = VideoProjector.apply(early, v.uploaded());
        assertThat(complete.title()).isEqualTo("Surfing at dawn");
        assertThat(complete.createdAt()).isEqualTo(v.uploaded().occurredAt());
        assertThat(complete).isEqualTo(project(v.uploaded(), v.completed()));
    }

    @Test
    void ownersChangesWinOverTheUploadTitleWhateverTheOrder() {
        var update = v.updated("My surf", Visibility.PUBLIC, 500);

        Video video = project(update, v.uploaded());

        assertThat(video.title()).isEqualTo("My surf");
        assertThat(video.description()).isEqualTo("about My surf");
        assertThat(video.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(video).isEqualTo(project(v.uploaded(), update));
    }

    @Test
    void newerOwnerChangeWinsOverAnOlderOneArrivingLate() {
        var older = v.updated("First", Visibility.UNLISTED, 500);
        var newer = v.updated("Second", Visibility.PRIVATE, 600);

        assertThat(project(v.uploaded(), newer, older).title()).isEqualTo("Second");
    }

    @Test
    void eventNamingAnotherOwnerIsRefused() {
        Video video = project(v.uploaded());
        var stranger = VideoFixtures.video("v1", "mallory").progress(10);

        assertThatThrownBy(() -> VideoProjector.apply(video, stranger))
                .isInstanceOf(InconsistentEventException.class)
                .hasMessageContaining("mallory");
    }

    @Test
    void anyArrivalOrderGivesTheSameVideo() {
        List<VodflowEvent> life = List.of(
                v.uploaded(),
                v.progress(10),
                v.progress(50),
                v.failed(1),
                v.progress(20, 2),
                v.progress(90, 2),
                v.completed(2),
                v.progress(95, 2),
                v.updated("Renamed", Visibility.PUBLIC, 900),
                v.updated("Renamed again", Visibility.UNLISTED, 950));
        Video expected = project(life.toArray(VodflowEvent[]::new));
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            List<VodflowEvent> shuffled = new ArrayList<>(life);
            Collections.shuffle(shuffled, random);
            shuffled.add(shuffled.get(random.nextInt(shuffled.size()))); // a redelivery, too
            assertThat(project(shuffled.toArray(VodflowEvent[]::new)))
                    .as("order %s", shuffled.stream().map(VodflowEvent::eventId).toList())
                    .isEqualTo(expected);
        }
        assertThat(expected.state()).isEqualTo(VideoState.READY);
        assertThat(expected.title()).isEqualTo("Renamed again");
        assertThat(expected.updatedAt())
                .isEqualTo(v.updated("Renamed again", Visibility.UNLISTED, 950).occurredAt());
    }

    private static Video project(VodflowEvent... events) {
        Video video = null;
        for (VodflowEvent event : events) {
            video = VideoProjector.apply(video, event);
        }
        return video;
    }
}
