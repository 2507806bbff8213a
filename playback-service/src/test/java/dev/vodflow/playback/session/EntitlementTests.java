package dev.vodflow.playback.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.Visibility;
import dev.vodflow.playback.session.Entitlement.Decision;
import dev.vodflow.playback.video.PlayableVideo;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntitlementTests {

    final Entitlement signedInOnly = new Entitlement(false);
    final Entitlement anonymousAllowed = new Entitlement(true);

    @Test
    void ownerWatchesEvenPrivateVideos() {
        assertThat(signedInOnly.decide(ready(Visibility.PRIVATE), Optional.of("alice")))
                .isEqualTo(Decision.ALLOWED);
    }

    @Test
    void strangerIsToldAPrivateVideoDoesNotExistButWatchesPublicAndUnlisted() {
        assertThat(signedInOnly.decide(ready(Visibility.PRIVATE), Optional.of("bob")))
                .isEqualTo(signedInOnly.decide(Optional.empty(), Optional.of("bob")))
                .isEqualTo(Decision.NOT_FOUND);
        assertThat(signedInOnly.decide(ready(Visibility.PUBLIC), Optional.of("bob")))
                .isEqualTo(Decision.ALLOWED);
        assertThat(signedInOnly.decide(ready(Visibility.UNLISTED), Optional.of("bob")))
                .isEqualTo(Decision.ALLOWED);
    }

    @Test
    void anonymousWatchesSharedVideosOnlyWhenAllowed() {
        assertThat(signedInOnly.decide(ready(Visibility.PUBLIC), Optional.empty()))
                .isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(anonymousAllowed.decide(ready(Visibility.PUBLIC), Optional.empty()))
                .isEqualTo(Decision.ALLOWED);
        assertThat(anonymousAllowed.decide(ready(Visibility.PRIVATE), Optional.empty()))
                .isEqualTo(Decision.NOT_FOUND);
    }

    @Test
    void nothingIsPlayableBeforeTheTranscodeCompletedOrAfterDeletion() {
        PlayableVideo notReady = new PlayableVideo(
                "A", "alice", Visibility.PUBLIC, null, false, false, Instant.EPOCH, null, null, null, false);
        PlayableVideo deleted = new PlayableVideo(
                "A",
                "alice",
                Visibility.PUBLIC,
                "output/A/hls/master.m3u8",
                false,
                true,
                null,
                null,
                Instant.EPOCH,
                null,
                false);

        assertThat(signedInOnly.decide(Optional.of(notReady), Optional.of("alice")))
                .isEqualTo(Decision.NOT_FOUND);
        assertThat(signedInOnly.decide(Optional.of(deleted), Optional.of("alice")))
                .isEqualTo(Decision.NOT_FOUND);
        assertThat(signedInOnly.decide(Optional.empty(), Optional.of("alice"))).isEqualTo(Decision.NOT_FOUND);
    }

    private static Optional<PlayableVideo> ready(Visibility visibility) {
        return Optional.of(new PlayableVideo(
                "A",
                "alice",
                visibility,
                "output/A/hls/master.m3u8",
                true,
                false,
                null,
                Instant.EPOCH,
                null,
                null,
                false));
    }
}
