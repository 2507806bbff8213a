package dev.vodflow.catalog.video;

import dev.vodflow.catalog.events.EventPublisher;
import dev.vodflow.catalog.storage.MediaStorage;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.VodflowEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every write to the catalog, from the topics and from the API, in one transaction per event under a
 * per-video lock. The API's writes are events too ({@code video.updated}, {@code video.deleted}): they
 * are applied here, published, and found again as duplicates when the catalog consumes its own topics,
 * which is what lets a replay restore them.
 */
@Service
public class Catalog {

    private final VideoRepository videos;
    private final JdbcAggregateTemplate aggregates;
    private final Ledger ledger;
    private final EventPublisher publisher;
    private final MediaStorage storage;
    private final Clock clock;

    Catalog(
            VideoRepository videos,
            JdbcAggregateTemplate aggregates,
            Ledger ledger,
            EventPublisher publisher,
            MediaStorage storage,
            Clock clock) {
        this.videos = videos;
        this.aggregates = aggregates;
        this.ledger = ledger;
        this.publisher = publisher;
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * Applies a consumed event; {@code false} when it was a duplicate and changed nothing. Nested: inside a
     * batch's transaction it runs under a savepoint, so a failing event is undone alone.
     */
    @Transactional(propagation = Propagation.NESTED)
    public boolean apply(VodflowEvent event) {
        String id = event.videoId();
        ledger.lock(id);
        if (!ledger.markProcessed(event)) {
            return false;
        }
        Optional<Video> current = videos.findById(id);
        if (event instanceof VideoDeleted deleted) {
            current.ifPresent(videos::delete);
            ledger.bury(deleted);
            return true;
        }
        if (current.isEmpty() && ledger.tombstone(id).isPresent()) {
            return true; // a late event for a deleted video: seen, and dropped
        }
        Video next = VideoProjector.apply(current.orElse(null), event);
        if (current.isEmpty()) {
            aggregates.insert(next);
        } else if (!next.equals(current.get())) {
            aggregates.update(next);
        }
        return true;
    }

    @Transactional(readOnly = true)
    public Optional<Video> find(String id, String viewer) {
        return videos.findById(id).filter(video -> video.visibleTo(viewer));
    }

    /** Applies the owner's changes and publishes the full new state as {@code video.updated}. */
    @Transactional
    public Video update(String id, String viewer, VideoChanges changes) {
        ledger.lock(id);
        Video current = ownVideo(id, viewer);
        String title = changes.title().orElse(current.title());
        String description = changes.descriptionChanged() ? changes.description() : current.description();
        var visibility = changes.visibility().orElse(current.visibility());
        if (title.equals(current.title())
                && Objects.equals(description, current.description())
                && visibility == current.visibility()) {
            return current; // nothing changes, nothing to tell anyone
        }
        Instant now = VideoProjector.micros(clock.instant());
        if (current.metadata() != null && !now.isAfter(current.metadata().occurredAt())) {
            // A clock that stepped back must not make this change lose to the one before it.
            now = current.metadata().occurredAt().plus(1, ChronoUnit.MICROS);
        }
        VideoUpdated event = new VideoUpdated(
                UUID.randomUUID().toString(), id, current.ownerId(), now, title, description, visibility);
        Video next = VideoProjector.apply(current, event);
        ledger.markProcessed(event);
        aggregates.update(next);
        publisher.publish(event);
        return next;
    }

    /**
     * Deletes the source and outputs from the bucket, the catalog entry, and publishes {@code video.deleted}.
     * If the bucket or the broker fails the entry stays, so the owner can try again.
     */
    @Transactional
    public void delete(String id, String viewer) {
        ledger.lock(id);
        Video current = ownVideo(id, viewer);
        storage.deleteVideo(id);
        VideoDeleted event = new VideoDeleted(
                UUID.randomUUID().toString(), id, current.ownerId(), VideoProjector.micros(clock.instant()));
        ledger.markProcessed(event);
        videos.delete(current);
        ledger.bury(event);
        publisher.publish(event);
    }

    private Video ownVideo(String id, String viewer) {
        Video current = videos.findById(id)
                .filter(video -> video.visibleTo(viewer))
                .orElseThrow(() -> new VideoNotFoundException(id));
        if (!current.ownedBy(viewer)) {
            throw new NotOwnerException(id);
        }
        return current;
    }
}
