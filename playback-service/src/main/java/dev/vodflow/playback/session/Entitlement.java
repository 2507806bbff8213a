package dev.vodflow.playback.session;

import dev.vodflow.events.Visibility;
import dev.vodflow.playback.video.PlayableVideo;
import java.util.Optional;

/**
 * Who may watch what: the owner always; anyone signed in for public and unlisted videos; anonymous if allowed.
 * Whoever may not watch a private video learns nothing of it: the answer is the same as for a video that does not
 * exist, as the catalog's.
 */
final class Entitlement {

    enum Decision {
        ALLOWED,
        /** No such video, deleted, not transcoded yet, or another's private video: no cookie, and no hint which. */
        NOT_FOUND,
        /** Anonymous viewer of a public or unlisted video where anonymous viewing is off. */
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
    /**
     * Renewing a session whose cookies were checked: a signed-in caller is judged as for a new session; a caller
     * without a token keeps watching what anyone signed in may watch, and must sign in again for a private video
     * (its cookies say a session was granted, not to whom).
     */
    Decision renew(Optional<PlayableVideo> video, Optional<String> viewer) {
        if (viewer.isPresent()) {
            return decide(video, viewer);
        }
        if (video.isEmpty() || !video.get().playable()) {
            return Decision.NOT_FOUND;
        }
        Visibility visibility = video.get().visibility();
        return visibility == Visibility.PUBLIC || visibility == Visibility.UNLISTED
                ? Decision.ALLOWED
                : Decision.UNAUTHENTICATED;
    }

    Decision decide(Optional<PlayableVideo> video, Optional<String> viewer) {
        if (video.isEmpty() || !video.get().playable()) {
            return Decision.NOT_FOUND;
        }
        PlayableVideo playable = video.get();
        if (viewer.isPresent() && viewer.get().equals(playable.ownerId())) {
            return Decision.ALLOWED;
        }
        boolean shared = playable.visibility() == Visibility.PUBLIC || playable.visibility() == Visibility.UNLISTED;
        if (!shared) {
            return Decision.NOT_FOUND;
        }
        if (viewer.isEmpty()) {
            return anonymousViewing ? Decision.ALLOWED : Decision.UNAUTHENTICATED;
        }
        return Decision.ALLOWED;
    }
}
