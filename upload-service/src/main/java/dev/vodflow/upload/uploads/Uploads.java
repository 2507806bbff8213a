package dev.vodflow.upload.uploads;

import dev.vodflow.events.VideoUploaded.Origin;
import dev.vodflow.observability.TraceCarrier;
import dev.vodflow.upload.UploadProperties;
import dev.vodflow.upload.media.MediaContainer;
import dev.vodflow.upload.uploads.ObjectStore.PresignedUrl;
import dev.vodflow.upload.uploads.ObjectStore.StoredPart;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The rules of an upload's life: what the API hands out and accepts, how an arriving object is matched to
 * its upload (or becomes a watch-folder upload), and expiry.
 */
@Service
public class Uploads {

    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    private static final String INPUT_PREFIX = "input/";

    private final UploadRepository repository;
    private final ObjectStore store;
    private final UploadProperties settings;
    private final Clock clock;
    private final ObjectProvider<TraceCarrier> traces;
    private final MeterRegistry meters;

    Uploads(
            UploadRepository repository,
            ObjectStore store,
            UploadProperties settings,
            Clock clock,
            ObjectProvider<TraceCarrier> traces,
            MeterRegistry meters) {
        this.repository = repository;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.traces = traces;
        this.meters = meters;
    }

    // ---- the API

    Created create(String ownerId, String title, String fileName, String contentType, long size) {
        String type = bareContentType(contentType);
        MediaContainer container = MediaContainer.forContentType(type)
                .filter(settings.allowedContainers()::contains)
                .orElseThrow(() -> new InvalidFieldException(
                        "contentType",
                        "'" + contentType + "' is not an accepted media type; accepted: " + acceptedTypes()));
        if (size > settings.maxSize().toBytes()) {
            throw new InvalidFieldException(
                    "size", "must be at most " + settings.maxSize().toBytes() + " bytes (" + settings.maxSize() + ")");
        }
        log.debug("new {} upload of {} bytes for {}", container, size, ownerId);
        String id = UUID.randomUUID().toString();
        String key = INPUT_PREFIX + id + "/source";
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.expiry());
        Duration ttl = urlTtl(expiresAt, now);
        if (size < settings.multipartThreshold().toBytes()) {
            PresignedUrl put = store.presignPut(key, type, size, fileName, ttl);
            Upload upload =
                    repository.save(newUpload(id, ownerId, title, fileName, type, size, key, null, null, null, now));
            return new Created(upload, put, List.of());
        }
        long partSize = Math.max(settings.partSize().toBytes(), ceilDiv(size, UploadProperties.MAX_PARTS));
        int partCount = (int) ceilDiv(size, partSize);
        String multipartUploadId = store.createMultipartUpload(key, type, fileName);
        Upload upload = repository.save(
                newUpload(id, ownerId, title, fileName, type, size, key, multipartUploadId, partSize, partCount, now));
        return new Created(
                upload,
                null,
                presignParts(upload, IntStream.rangeClosed(1, partCount).boxed().toList(), ttl));
    }

    Upload get(String ownerId, String id) {
        return repository.findByIdAndOwnerId(id, ownerId).orElseThrow(() -> new UploadNotFoundException(id));
    }

    List<Upload> list(String ownerId, int limit) {
        return repository.findByOwnerIdOrderByCreatedAtDesc(ownerId, Limit.of(limit));
    }

    PartsReport parts(String ownerId, String id) {
        Upload upload = multipart(get(ownerId, id));
        List<StoredPart> stored =
                upload.isAwaiting() ? store.listParts(upload.objectKey(), upload.multipartUploadId()) : List.of();
        return new PartsReport(upload, stored, missing(upload, stored));
    }

    /** Fresh URLs: the single PUT again, or the given parts (all parts S3 does not have yet when none are given). */
    Created freshUrls(String ownerId, String id, Collection<Integer> partNumbers) {
        Upload upload = awaiting(get(ownerId, id));
        Instant now = clock.instant();
        Duration ttl = urlTtl(upload.expiresAt(), now);
        if (!upload.isMultipart()) {
            return new Created(
                    upload,
                    store.presignPut(
                            upload.objectKey(),
                            upload.contentType(),
                            upload.declaredSize(),
                            upload.originalFileName(),
                            ttl),
                    List.of());
        }
        List<Integer> wanted;
        if (partNumbers == null || partNumbers.isEmpty()) {
            wanted = missing(upload, store.listParts(upload.objectKey(), upload.multipartUploadId()));
        } else {
            wanted = List.copyOf(new TreeSet<>(partNumbers));
            List<Integer> outside =
                    wanted.stream().filter(n -> n < 1 || n > upload.partCount()).toList();
            if (!outside.isEmpty()) {
                throw new InvalidFieldException(
                        "partNumbers",
                        "parts " + outside + " do not exist; this upload has parts 1 to " + upload.partCount());
            }
        }
        return new Created(upload, null, presignParts(upload, wanted, ttl));
    }

    /** Asks S3 to assemble the parts; the upload becomes {@code UPLOADED} when S3's notification arrives. */
    Upload complete(String ownerId, String id, List<CompletedPart> parts) {
        Upload upload = awaiting(multipart(get(ownerId, id)));
        Set<Integer> numbers =
                parts.stream().map(CompletedPart::partNumber).collect(Collectors.toCollection(TreeSet::new));
        List<Integer> expected =
                IntStream.rangeClosed(1, upload.partCount()).boxed().toList();
        if (numbers.size() != parts.size() || !List.copyOf(numbers).equals(expected)) {
            throw new InvalidFieldException(
                    "parts",
                    "must list each part from 1 to " + upload.partCount() + " exactly once, got "
                            + parts.stream().map(CompletedPart::partNumber).toList());
        }
        List<CompletedPart> ordered = new ArrayList<>(parts);
        ordered.sort((a, b) -> Integer.compare(a.partNumber(), b.partNumber()));
        try {
            store.completeMultipartUpload(upload.objectKey(), upload.multipartUploadId(), ordered);
        } catch (NoSuchUploadException gone) {
            throw new UploadConflictException(
                    "the multipart upload no longer exists in S3 (completed, aborted or expired)");
        } catch (S3Exception refused) {
            if (refused.statusCode() == 400) {
                throw new InvalidFieldException(
                        "parts",
                        "S3 refused the parts: " + refused.awsErrorDetails().errorMessage());
            }
            throw refused;
        }
        return upload;
    }

    /** Gives up on an upload: its multipart upload and any stored object go away. Aborting twice is fine. */
    Upload abort(String ownerId, String id) {
        Upload upload = get(ownerId, id);
        if (upload.state() == UploadState.ABORTED) {
            return upload;
        }
        awaiting(upload);
        Upload aborted =
                repository.save(upload.withState(UploadState.ABORTED, "aborted by the owner", clock.instant()));
        counted(aborted);
        if (upload.isMultipart()) {
            store.abortMultipartUpload(upload.objectKey(), upload.multipartUploadId());
        }
        store.delete(upload.objectKey());
        return aborted;
    }

    // ---- objects arriving in the bucket

    /**
     * Matches an object that arrived under {@code input/} with its upload: the API upload that owns the key,
     * or a watch-folder upload created for it (owner: the configured default).
     */
    public Arrival arrival(String key, String fileName, String eventId, long size, Instant eventTime) {
        var apiUpload = repository.findFirstByObjectKeyAndOrigin(key, Origin.API);
        if (apiUpload.isPresent()) {
            Arrival arrival = decide(apiUpload.get(), eventId, eventTime);
            if (arrival.upload().state() == UploadState.ABORTED) {
                store.delete(key);
            }
            return arrival;
        }
        var known = repository.findByEventId(eventId);
        if (known.isPresent()) {
            return decide(known.get(), eventId, eventTime);
        }
        Instant now = clock.instant();
        Optional<LiveRecording> recording = LiveRecording.of(key);
        Upload created = new Upload(
                recording.map(LiveRecording::videoId).orElseGet(() -> UUID.randomUUID()
                        .toString()),
                recording.map(LiveRecording::ownerId).orElse(settings.watchFolderOwner()),
                recording.map(LiveRecording::title).orElseGet(() -> titleOf(fileName)),
                fileName,
                null,
                size,
                key,
                Origin.WATCH_FOLDER,
                null,
                null,
                null,
                UploadState.AWAITING_UPLOAD,
                null,
                null,
                null,
                eventId,
                now,
                now.plus(settings.expiry()),
                null,
                currentTraceParent(),
                null);
        try {
            return new Arrival(Arrival.Kind.PENDING, repository.save(created), null);
        } catch (DbActionExecutionException | DataIntegrityViolationException race) {
            // another poller claimed the same object version first
            return decide(repository.findByEventId(eventId).orElseThrow(() -> race), eventId, eventTime);
        }
    }

    public Upload markUploaded(Upload upload, String etag, long size, String eventId, String contentType) {
        return finish(upload, UploadState.UPLOADED, null, etag, size, eventId, contentType);
    }

    public Upload markRejected(Upload upload, String reason, String etag, long size, String eventId) {
        return finish(upload, UploadState.REJECTED, reason, etag, size, eventId, upload.contentType());
    }

    private Upload finish(
            Upload upload,
            UploadState state,
            String reason,
            String etag,
            long size,
            String eventId,
            String contentType) {
        return counted(repository.save(
                upload.withObject(etag, size, eventId, contentType).withState(state, reason, clock.instant())));
    }

    private Arrival decide(Upload upload, String eventId, Instant eventTime) {
        return switch (upload.state()) {
            case AWAITING_UPLOAD -> new Arrival(Arrival.Kind.PENDING, upload, null);
            case UPLOADED, REJECTED ->
                eventId.equals(upload.eventId())
                        ? new Arrival(Arrival.Kind.DUPLICATE, upload, "already " + upload.state())
                        : new Arrival(
                                Arrival.Kind.IGNORED,
                                upload,
                                "upload is already " + upload.state()
                                        + "; a later write to its key is not a new source");
            // S3 stored it before the deadline; only the notification was late
            case EXPIRED ->
                eventTime != null && eventTime.isBefore(upload.expiresAt())
                        ? new Arrival(Arrival.Kind.PENDING, upload, null)
                        : new Arrival(Arrival.Kind.IGNORED, upload, "arrived after the upload expired");
            case ABORTED -> new Arrival(Arrival.Kind.IGNORED, upload, "the upload was aborted");
        };
    }

    // ---- expiry

    /** Turns uploads past their deadline into {@code EXPIRED} and aborts their multipart uploads. */
    int expireOverdue() {
        Instant now = clock.instant();
        int expired = 0;
        for (Upload upload : repository.findByStateAndExpiresAtBeforeOrderByExpiresAt(
                UploadState.AWAITING_UPLOAD, now, Limit.of(100))) {
            try {
                counted(repository.save(
                        upload.withState(UploadState.EXPIRED, "not completed within " + settings.expiry(), now)));
            } catch (OptimisticLockingFailureException completedMeanwhile) {
                continue;
            }
            expired++;
            if (upload.isMultipart()) {
                try {
                    store.abortMultipartUpload(upload.objectKey(), upload.multipartUploadId());
                } catch (SdkException e) {
                    // the bucket's AbortIncompleteMultipartUpload lifecycle rule is the backstop
                    log.warn(
                            "could not abort the multipart upload of expired upload {}: {}", upload.id(), e.toString());
                }
            }
        }
        return expired;
    }

    // ---- helpers

    private Upload newUpload(
            String id,
            String ownerId,
            String title,
            String fileName,
            String contentType,
            long size,
            String key,
            String multipartUploadId,
            Long partSize,
            Integer partCount,
            Instant now) {
        return new Upload(
                id,
                ownerId,
                title,
                fileName,
                contentType,
                size,
                key,
                Origin.API,
                multipartUploadId,
                partSize,
                partCount,
                UploadState.AWAITING_UPLOAD,
                null,
                null,
                null,
                null,
                now,
                now.plus(settings.expiry()),
                null,
                currentTraceParent(),
                null);
    }

    /**
     * The W3C {@code traceparent} of the work in progress (the create request, or the S3 event of a watch-folder
     * object), kept with the upload so that its S3 event continues the same trace.
     */
    private String currentTraceParent() {
        TraceCarrier carrier = traces.getIfAvailable();
        return carrier == null ? null : carrier.current().get("traceparent");
    }

    /** {@code vodflow.uploads{outcome, origin}}: how uploads end (uploaded, rejected, expired, aborted). */
    private Upload counted(Upload finished) {
        Counter.builder("vodflow.uploads")
                .description("Uploads that reached an end state, by outcome and origin")
                .baseUnit("uploads")
                .tag("outcome", finished.state().name().toLowerCase(Locale.ROOT))
                .tag("origin", finished.origin().name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
        return finished;
    }

    private List<PartUrl> presignParts(Upload upload, List<Integer> partNumbers, Duration ttl) {
        return partNumbers.stream()
                .map(n -> {
                    long length = partLength(upload, n);
                    return new PartUrl(
                            n,
                            length,
                            store.presignPart(upload.objectKey(), upload.multipartUploadId(), n, length, ttl));
                })
                .toList();
    }

    static long partLength(Upload upload, int partNumber) {
        long offset = (partNumber - 1L) * upload.partSize();
        return Math.min(upload.partSize(), upload.declaredSize() - offset);
    }

    private static List<Integer> missing(Upload upload, List<StoredPart> stored) {
        if (!upload.isAwaiting()) {
            return List.of();
        }
        Set<Integer> present = stored.stream().map(StoredPart::partNumber).collect(Collectors.toSet());
        return IntStream.rangeClosed(1, upload.partCount())
                .boxed()
                .filter(n -> !present.contains(n))
                .toList();
    }

    private Duration urlTtl(Instant expiresAt, Instant now) {
        Duration left = Duration.between(now, expiresAt);
        return left.compareTo(settings.presignedUrlTtl()) < 0 ? left : settings.presignedUrlTtl();
    }

    private Upload awaiting(Upload upload) {
        if (!upload.isAwaiting()) {
            throw new UploadConflictException("the upload is " + upload.state() + ", no longer awaiting its source");
        }
        if (!clock.instant().isBefore(upload.expiresAt())) {
            throw new UploadConflictException("the upload expired at " + upload.expiresAt());
        }
        return upload;
    }

    private static Upload multipart(Upload upload) {
        if (!upload.isMultipart()) {
            throw new UploadConflictException(
                    "this is a single-PUT upload: it has no parts and completes when S3 stores the object");
        }
        return upload;
    }

    private String acceptedTypes() {
        return settings.allowedContainers().stream()
                .flatMap(container -> container.contentTypes().stream())
                .collect(Collectors.joining(", "));
    }

    static String bareContentType(String contentType) {
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** The file name without its extension: "Surfing at dawn.mov" becomes "Surfing at dawn". */
    static String titleOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String title = dot > 0 ? fileName.substring(0, dot) : fileName;
        return title.isBlank() ? fileName : title;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    record Created(Upload upload, PresignedUrl put, List<PartUrl> parts) {}

    record PartUrl(int partNumber, long size, PresignedUrl request) {}

    record PartsReport(Upload upload, List<StoredPart> stored, List<Integer> missing) {}

    /**
     * What to do with an arrived object.
     *
     * @param reason why it is a duplicate or ignored
     */
    public record Arrival(Kind kind, Upload upload, String reason) {

        public enum Kind {
            /** Check it and publish. */
            PENDING,
            /** This object version was handled before: publish nothing. */
            DUPLICATE,
            /** Not a source for its upload (aborted, too late, or a rewrite of a finished one). */
            IGNORED
        }
    }
}
