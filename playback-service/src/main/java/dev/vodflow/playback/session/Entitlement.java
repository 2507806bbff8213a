package dev.vodflow.playback.session;

import dev.vodflow.events.Visibility;
import dev.vodflow.playback.video.PlayableVideo;
import java.util.Optional;

/** Who may watch what: the owner always; anyone signed in for public and unlisted videos; anonymous if allowed. */
final class Entitlement {

    enum Decision {
        ALLOWED,
        /** No such video, deleted, or not transcoded yet: nothing to play, so no cookie either. */
        NOT_FOUND,
        /** The video exists but this viewer may not watch it. */
        FORBIDDEN,
        /** Anonymous viewer where a signed-in viewer might be allowed. */
        UNAUTHENTICATED
    }

    private final boolean anonymousViewing;

    Entitlement(boolean anonymousViewing) {
        this.anonymousViewing = anonymousViewing;
    }

    /**
     * @param video the projection row, if any
     * @param viewer the {@code sub} of the caller's token, empty for an anonymous caller
     */
    Decision decide(Optional<PlayableVideo> video, Optional<String> viewer) {
        if (video.isEmpty() || !video.get().playable()) {
            return Decision.NOT_FOUND;
        }
        PlayableVideo playable = video.get();
        if (viewer.isPresent() && viewer.get().equals(playable.ownerId())) {
            return Decision.ALLOWED;
        }
        boolean shared = playable.visibility() == Visibility.PUBLIC || playable.visibility() == Visibility.UNLISTED;
        if (viewer.isEmpty()) {
            return shared && anonymousViewing ? Decision.ALLOWED : Decision.UNAUTHENTICATED;
        }
        return shared ? Decision.ALLOWED : Decision.FORBIDDEN;
    }
}
