package dev.vodflow.playback.video;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.VodflowEvent;
import java.time.Clock;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies the events playback cares about. Each event is applied at most once (its id is recorded in the same
 * transaction as its effect) and only if it is newer than what the row already holds. A video's owner is fixed by
 * the first event that names it; an event naming another owner is refused whole (and dead-lettered), so a forged
 * or confused event can neither take a video over nor change its visibility.
 */
@Service
public class Projection {

    private static final Logger log = LoggerFactory.getLogger(Projection.class);

    private final PlayableVideoRepository videos;
    private final PlayableVideos lookups;
    private final Clock clock;

    Projection(PlayableVideoRepository videos, PlayableVideos lookups, Clock clock) {
        this.videos = videos;
        this.lookups = lookups;
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
        String download = downloadPath(event);
        if (firstTime(event.eventId())) {
            requireOwner(event);
            videos.transcodeCompleted(
                    event.videoId(), event.ownerId(), event.hlsMasterPath(), download, event.occurredAt());
            forgetOnCommit(event.videoId());
        }
    }

    /**
     * The largest MP4, the one a download serves; null when there is none. Like the master playlist it must be one
     * of this video's outputs: a signed URL is only ever made for a file of the video it was asked for. MP4s are
     * written under {@code download/{videoId}/}, which the session's cookies do not open; videos transcoded before
     * that have theirs under {@code output/{videoId}/}, which is still a file of the same video.
     */
    private static String downloadPath(TranscodeCompleted event) {
        String downloads = "download/" + event.videoId() + "/";
        String outputs = "output/" + event.videoId() + "/";
        String path = event.renditions().stream()
                .filter(r -> r.kind() == TranscodeCompleted.RenditionKind.MP4)
                .max(Comparator.comparingInt(TranscodeCompleted.Rendition::height))
                .map(TranscodeCompleted.Rendition::path)
                .orElse(null);
        if (path != null
                && ((!path.startsWith(downloads) && !path.startsWith(outputs))
                        || path.contains("/../")
                        || path.contains("*"))) {
            throw new IllegalArgumentException("MP4 path '" + path + "' is not under " + downloads);
        }
        return path;
    }

    @Transactional
    public void apply(VideoUpdated event) {
        if (firstTime(event.eventId())) {
            requireOwner(event);
            videos.visibilityChanged(
                    event.videoId(), event.ownerId(), event.visibility(), event.allowsDownload(), event.occurredAt());
            forgetOnCommit(event.videoId());
        }
    }

    @Transactional
    public void apply(VideoDeleted event) {
        if (firstTime(event.eventId())) {
            requireOwner(event);
            videos.deleted(event.videoId(), event.ownerId(), event.occurredAt());
            forgetOnCommit(event.videoId());
        }
    }

    /** The sessions' copy of the video is dropped once the change is visible to their next lookup. */
    private void forgetOnCommit(String videoId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                lookups.forget(videoId);
            }
        });
    }

    /** @throws IllegalArgumentException when the video already belongs to someone else than the event says */
    private void requireOwner(VodflowEvent event) {
        videos.claimOwner(event.videoId(), event.ownerId());
        String owner = videos.ownerOf(event.videoId());
        if (!event.ownerId().equals(owner)) {
            throw new IllegalArgumentException("event " + event.eventId() + " names " + event.ownerId()
                    + " as the owner of video " + event.videoId() + ", which belongs to " + owner + "; refused");
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
