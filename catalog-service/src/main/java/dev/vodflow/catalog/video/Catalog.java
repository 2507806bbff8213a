package dev.vodflow.catalog.video;

import dev.vodflow.catalog.video.Ledger.Tombstone;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.messaging.BatchApplier.Outcome;
import dev.vodflow.messaging.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every write to the catalog, from the topics and from the API, in transactions that hold the videos'
 * locks. The API's writes are events too ({@code video.updated}, {@code video.deleted}): they are applied
 * here, published, and found again as duplicates when the catalog consumes its own topics, which is what
 * lets a replay restore them.
 */
@Service
public class Catalog {

    private final VideoStore store;
    private final Ledger ledger;
    private final EventPublisher publisher;
    private final Purges purges;
    private final Clock clock;
    private final VideoDocuments documents;

    Catalog(
            VideoStore store,
            Ledger ledger,
            EventPublisher publisher,
            Purges purges,
            Clock clock,
            VideoDocuments documents) {
        this.store = store;
        this.documents = documents;
        this.ledger = ledger;
        this.publisher = publisher;
        this.purges = purges;
        this.clock = clock;
    }

    /**
     * Applies consumed events in order, in one transaction: load the videos once, apply the events in
     * memory, write back what changed. Stops at the first event the rules refuse (keeping the ones before
     * it). Database errors propagate and undo the whole batch.
     */
    @Transactional
    public Outcome apply(List<? extends VodflowEvent> events) {
        if (events.isEmpty()) {
            return new Outcome(0, null);
        }
        Set<String> videoIds = new TreeSet<>();
        List<String> eventIds = new ArrayList<>();
        for (VodflowEvent event : events) {
            videoIds.add(event.videoId());
            eventIds.add(event.eventId());
        }
        ledger.lock(videoIds);
        Set<String> seen = ledger.processed(eventIds);
        Map<String, Video> before = store.load(videoIds);
        Map<String, Tombstone> tombstones = ledger.tombstones(videoIds);

        Map<String, Video> after = new HashMap<>(before);
        Map<String, VideoDeleted> deletions = new LinkedHashMap<>();
        Map<String, Video.Upload> sources = new HashMap<>();
        Set<String> gone = new HashSet<>(tombstones.keySet());
        List<VodflowEvent> applied = new ArrayList<>();
        int index = 0;
        for (VodflowEvent event : events) {
            if (seen.add(event.eventId())) {
                String id = event.videoId();
                try {
                    if (event instanceof VideoDeleted deleted) {
                        Video removed = after.remove(id);
                        if (removed != null && removed.upload() != null) {
                            sources.put(id, removed.upload());
                        }
                        gone.add(id);
                        deletions.merge(id, deleted, Catalog::earlier);
                    } else if (!gone.contains(id)) {
                        after.put(id, VideoProjector.apply(after.get(id), event));
                    } // else: a late event for a deleted video, seen and dropped
                } catch (RuntimeException refused) {
                    persist(before, after, deletions, sources, tombstones, applied);
                    return new Outcome(index, refused);
                }
                applied.add(event);
            }
            index++;
        }
        persist(before, after, deletions, sources, tombstones, applied);
        return new Outcome(index, null);
    }

    private void persist(
            Map<String, Video> before,
            Map<String, Video> after,
            Map<String, VideoDeleted> deletions,
            Map<String, Video.Upload> sources,
            Map<String, Tombstone> tombstones,
            List<VodflowEvent> applied) {
        store.write(before, after);
        ledger.bury(deletions.values(), tombstones);
        ledger.markProcessed(applied);
        purges.scheduleInBackground(sources, deletions.keySet());
    }

    private static VideoDeleted earlier(VideoDeleted a, VideoDeleted b) {
        return Tombstone.of(a).laterThan(Tombstone.of(b).deletedAt(), b.eventId()) ? b : a;
    }

    /** One statement, so no transaction of its own: a read-only one would cost a round trip more per request. */
    public Optional<Video> find(String id, String viewer) {
        return store.find(id).filter(video -> video.visibleTo(viewer));
    }

    /**
     * The video's JSON as {@code viewer} may see it: the stored document (one statement), or, for a video whose
     * document is not rendered yet, the video read and rendered now (a second statement).
     */
    public Optional<byte[]> document(String id, String viewer) {
        return store.document(id).filter(stored -> stored.visibleTo(viewer)).flatMap(stored -> {
            Optional<VideoDocuments.Stored> json = stored.current()
                    ? Optional.of(stored.json())
                    : find(id, viewer).map(video -> documents.render(video).stored());
            return json.map(document -> document.forViewer(stored.ownerId().equals(viewer)));
        });
    }

    /** Applies the owner's changes and publishes the full new state as {@code video.updated}. */
    @Transactional
    public Video update(String id, String viewer, VideoChanges changes) {
        ledger.lock(List.of(id));
        Video current = ownVideo(id, viewer);
        String title = changes.title().orElse(current.title());
        String description = changes.descriptionChanged() ? changes.description() : current.description();
        Visibility visibility = changes.visibility().orElse(current.visibility());
        boolean downloadable = changes.downloadable().orElse(current.downloadable());
        if (title.equals(current.title())
                && Objects.equals(description, current.description())
                && visibility == current.visibility()
                && downloadable == current.downloadable()) {
            return current; // nothing changes, nothing to tell anyone
        }
        Instant now = VideoProjector.micros(clock.instant());
        if (current.metadata() != null && !now.isAfter(current.metadata().occurredAt())) {
            // A clock that stepped back must not make this change lose to the one before it.
            now = current.metadata().occurredAt().plus(1, ChronoUnit.MICROS);
        }
        VideoUpdated event = new VideoUpdated(
                UUID.randomUUID().toString(), id, current.ownerId(), now, title, description, visibility, downloadable);
        Video next = VideoProjector.apply(current, event);
        store.write(Map.of(id, current), Map.of(id, next));
        ledger.markProcessed(List.of(event));
        publisher.publish(event);
        return next;
    }

    /**
     * Deletes the catalog entry and publishes {@code video.deleted}; once both are durable (the transaction
     * commits after the broker acknowledged the event), the source and outputs are removed from the bucket. If
     * the broker fails nothing changes, so the owner can try again; if the bucket fails, the removal is retried.
     */
    @Transactional
    public void delete(String id, String viewer) {
        ledger.lock(List.of(id));
        Video current = ownVideo(id, viewer);
        VideoDeleted event = new VideoDeleted(
                UUID.randomUUID().toString(), id, current.ownerId(), VideoProjector.micros(clock.instant()));
        store.write(Map.of(id, current), Map.of());
        ledger.bury(List.of(event), Map.of());
        ledger.markProcessed(List.of(event));
        publisher.publish(event);
        Map<String, Video.Upload> source = new HashMap<>();
        if (current.upload() != null) {
            source.put(id, current.upload());
        }
        purges.schedule(source, List.of(id));
    }

    private Video ownVideo(String id, String viewer) {
        Video current = store.find(id)
                .filter(video -> video.visibleTo(viewer))
                .orElseThrow(() -> new VideoNotFoundException(id));
        if (!current.ownedBy(viewer)) {
            throw new NotOwnerException(id);
        }
        return current;
    }
}
