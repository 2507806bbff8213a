package dev.vodflow.playback.video;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies the events playback cares about. Each event is applied at most once (its id is recorded in the same
 * transaction as its effect) and only if it is newer than what the row already holds.
 */
@Service
public class Projection {

    private static final Logger log = LoggerFactory.getLogger(Projection.class);

    private final PlayableVideoRepository videos;
    private final Clock clock;

    Projection(PlayableVideoRepository videos, Clock clock) {
        this.videos = videos;
        this.clock = clock;
    }

    @Transactional
    public void apply(TranscodeCompleted event) {
        // The cookie policy covers output/{videoId}/* only: a master playlist elsewhere could never be played, and
        // signing for it would mean widening the policy. Such an event is refused (and dead-lettered).
        String prefix = "output/" + event.videoId() + "/";
        if (!event.hlsMasterPath().startsWith(prefix) || event.hlsMasterPath().contains("/../")) {
            throw new IllegalArgumentException("hlsMasterPath '" + event.hlsMasterPath() + "' is not under " + prefix);
        }
        if (firstTime(event.eventId())) {
            videos.transcodeCompleted(event.videoId(), event.ownerId(), event.hlsMasterPath(), event.occurredAt());
        }
    }

    @Transactional
    public void apply(VideoUpdated event) {
        if (firstTime(event.eventId())) {
            videos.visibilityChanged(event.videoId(), event.ownerId(), event.visibility(), event.occurredAt());
        }
    }

    @Transactional
    public void apply(VideoDeleted event) {
        if (firstTime(event.eventId())) {
            videos.deleted(event.videoId(), event.ownerId(), event.occurredAt());
        }
    }

    private boolean firstTime(String eventId) {
        boolean first = videos.recordEvent(eventId, clock.instant()) == 1;
        if (!first) {
            log.debug("dropping duplicate event {}", eventId);
        }
        return first;
    }
}
