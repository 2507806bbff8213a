package dev.vodflow.catalog.video;

import dev.vodflow.catalog.video.Video.Completion;
import dev.vodflow.catalog.video.Video.Failure;
import dev.vodflow.catalog.video.Video.Metadata;
import dev.vodflow.catalog.video.Video.Progress;
import dev.vodflow.catalog.video.Video.Register;
import dev.vodflow.catalog.video.Video.Rendition;
import dev.vodflow.catalog.video.Video.Thumbnail;
import dev.vodflow.catalog.video.Video.Upload;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeFailed;
import dev.vodflow.events.TranscodeProgress;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.events.Visibility;
import dev.vodflow.events.VodflowEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rules that turn events into a video. The result depends on the set of events applied, not on the
 * order they arrive in (topics are ordered per video, but not with each other), which is what makes a
 * replay rebuild the same rows:
 *
 * <ul>
 *   <li>each kind of event writes its own register, and the newest event of a kind wins;
 *   <li>a completed transcode is final: it clears progress and failure, and later ones of those are
 *       ignored (a progress report after {@code READY} changes nothing);
 *   <li>a failure shows as {@code FAILED} unless a newer progress report says a retry is running;
 *   <li>any event may come first: the video appears with the owner the event names and fills in when
 *       the rest arrives ({@code transcode.completed} before {@code video.uploaded} gives a READY video
 *       whose title comes later);
 *   <li>{@code createdAt} is the earliest event time seen, {@code updatedAt} the newest register time.
 * </ul>
 *
 * Deletion is not here: a deleted video has no row, see {@link Catalog}.
 */
public final class VideoProjector {

    static final String UNTITLED = "Untitled";

    private VideoProjector() {}

    /**
     * The video after {@code event}; {@code current} is {@code null} when the video has no row yet.
     *
     * @throws InconsistentEventException when the event names another owner than the video has
     */
    public static Video apply(Video current, VodflowEvent event) {
        if (current != null && !current.ownerId().equals(event.ownerId())) {
            throw new InconsistentEventException("event " + event.eventId() + " names owner '" + event.ownerId()
                    + "' but video " + current.id() + " belongs to '" + current.ownerId() + "'");
        }
        Registers r = current == null ? Registers.EMPTY : Registers.of(current);
        Instant at = micros(event.occurredAt());
        Instant createdAt = current == null ? at : min(current.createdAt(), at);
        Registers next;
        // Java 17: no pattern matching for switch yet.
        if (event instanceof VideoUploaded e) {
            next = newer(e, r.upload()) ? r.withUpload(upload(e)) : r;
        } else if (event instanceof TranscodeProgress e) {
            next = r.completion() == null && newer(e, r.progress()) ? r.withProgress(progress(e)) : r;
        } else if (event instanceof TranscodeCompleted e) {
            next = newer(e, r.completion()) ? r.completed(completion(e), e) : r;
        } else if (event instanceof TranscodeFailed e) {
            next = r.completion() == null && newer(e, r.failure()) ? r.withFailure(failure(e)) : r;
        } else if (event instanceof VideoUpdated e) {
            next = newer(e, r.metadata()) ? r.withMetadata(metadata(e)) : r;
        } else {
            throw new IllegalArgumentException(
                    "the catalog projects no " + event.getClass().getSimpleName());
        }
        return derive(event.videoId(), event.ownerId(), createdAt, next);
    }

    private static boolean newer(VodflowEvent event, Register current) {
        return current == null || current.olderThan(micros(event.occurredAt()), event.eventId());
    }

    /**
     * Event times as PostgreSQL keeps them (microseconds), so a register compares the same whether it was
     * just made from an event or read back from the database.
     */
    static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static Video derive(String id, String ownerId, Instant createdAt, Registers r) {
        VideoState state;
        if (r.completion() != null) {
            state = VideoState.READY;
        } else if (r.failure() != null
                && (r.progress() == null
                        || r.progress()
                                .olderThan(r.failure().occurredAt(), r.failure().eventId()))) {
            state = VideoState.FAILED;
        } else {
            state = VideoState.PROCESSING;
        }
        int percent = state == VideoState.READY
                ? 100
                : r.progress() == null ? 0 : r.progress().percent();
        Metadata metadata = r.metadata();
        Upload upload = r.upload();
        String title = Stream.of(
                        metadata == null ? null : metadata.title(),
                        upload == null ? null : upload.title(),
                        upload == null ? null : upload.originalFileName())
                .filter(t -> t != null && !t.isBlank())
                .findFirst()
                .orElse(UNTITLED);
        Instant updatedAt = Stream.of(upload, r.progress(), r.completion(), r.failure(), metadata)
                .filter(register -> register != null)
                .map(Register::occurredAt)
                .max(Comparator.naturalOrder())
                .orElse(createdAt);
        return new Video(
                id,
                ownerId,
                title,
                metadata == null ? null : metadata.description(),
                metadata == null ? Visibility.PRIVATE : metadata.visibility(),
                state,
                percent,
                createdAt,
                updatedAt,
                upload,
                r.progress(),
                r.completion(),
                r.failure(),
                metadata,
                r.renditions(),
                r.thumbnails());
    }

    private static Upload upload(VideoUploaded e) {
        return new Upload(
                e.eventId(),
                micros(e.occurredAt()),
                e.title(),
                e.originalFileName(),
                e.contentType(),
                e.bucket(),
                e.key(),
                e.size());
    }

    private static Progress progress(TranscodeProgress e) {
        return new Progress(e.eventId(), micros(e.occurredAt()), e.jobId(), e.percent(), e.phase());
    }

    private static Completion completion(TranscodeCompleted e) {
        TranscodeCompleted.Dimensions source = e.source();
        return new Completion(
                e.eventId(),
                micros(e.occurredAt()),
                e.jobId(),
                e.durationMs(),
                source == null ? null : source.width(),
                source == null ? null : source.height(),
                e.hlsMasterPath(),
                poster(e.thumbnails()),
                e.dashManifestPath(),
                e.storyboard() == null ? null : e.storyboard().path());
    }

    /** The poster is the middle frame capture by time: the first frame is often black. */
    static String poster(List<TranscodeCompleted.Thumbnail> thumbnails) {
        if (thumbnails.isEmpty()) {
            return null;
        }
        List<TranscodeCompleted.Thumbnail> byTime = thumbnails.stream()
                .sorted(Comparator.comparingLong(TranscodeCompleted.Thumbnail::timeMs)
                        .thenComparing(TranscodeCompleted.Thumbnail::path))
                .toList();
        return byTime.get(byTime.size() / 2).path();
    }

    private static Failure failure(TranscodeFailed e) {
        return new Failure(
                e.eventId(), micros(e.occurredAt()), e.jobId(), e.errorCode(), e.message(), e.attempt(), e.retryable());
    }

    private static Metadata metadata(VideoUpdated e) {
        return new Metadata(
                e.eventId(), micros(e.occurredAt()), e.title(), e.description(), e.visibility(), e.allowsDownload());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private record Registers(
            Upload upload,
            Progress progress,
            Completion completion,
            Failure failure,
            Metadata metadata,
            List<Rendition> renditions,
            List<Thumbnail> thumbnails) {

        static final Registers EMPTY = new Registers(null, null, null, null, null, List.of(), List.of());

        static Registers of(Video v) {
            return new Registers(
                    v.upload(),
                    v.progress(),
                    v.completion(),
                    v.failure(),
                    v.metadata(),
                    v.renditions(),
                    v.thumbnails());
        }

        Registers withUpload(Upload u) {
            return new Registers(u, progress, completion, failure, metadata, renditions, thumbnails);
        }

        Registers withProgress(Progress p) {
            return new Registers(upload, p, completion, failure, metadata, renditions, thumbnails);
        }

        Registers withFailure(Failure f) {
            return new Registers(upload, progress, completion, f, metadata, renditions, thumbnails);
        }

        Registers withMetadata(Metadata m) {
            return new Registers(upload, progress, completion, failure, m, renditions, thumbnails);
        }

        /** A completed transcode replaces the outputs and ends whatever progress or failure came before. */
        Registers completed(Completion c, TranscodeCompleted e) {
            List<Rendition> newRenditions = e.renditions().stream()
                    .map(x -> new Rendition(x.kind(), x.width(), x.height(), x.bitrate(), x.codecs(), x.path()))
                    .toList();
            List<Thumbnail> newThumbnails = e.thumbnails().stream()
                    .map(x -> new Thumbnail(x.path(), x.timeMs(), x.width(), x.height()))
                    .toList();
            return new Registers(upload, null, c, null, metadata, newRenditions, newThumbnails);
        }
    }
}
