package dev.vodflow.upload.notifications;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.messaging.EventPublisher;
import dev.vodflow.observability.TraceCarrier;
import dev.vodflow.upload.UploadProperties;
import dev.vodflow.upload.uploads.Upload;
import dev.vodflow.upload.uploads.Uploads;
import dev.vodflow.upload.uploads.Uploads.Arrival;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The watch-folder rule for one SQS message: every record of an S3 notification is matched to its upload,
 * checked, and published as {@code video.uploaded}, exactly once per object version.
 */
@Component
class NotificationHandler {

    private static final Logger log = LoggerFactory.getLogger(NotificationHandler.class);
    static final String INPUT_PREFIX = "input/";

    /** What became of a record, counted as {@code vodflow.upload.notifications{outcome=...}}. */
    enum Outcome {
        PUBLISHED,
        DUPLICATE,
        REJECTED,
        IGNORED,
        TEST_EVENT,
        MALFORMED
    }

    /** @param malformed why the message is no S3 notification (leave it for the DLQ), or null when it was handled */
    record Result(String malformed) {
        boolean handled() {
            return malformed == null;
        }
    }

    private final Uploads uploads;
    private final MediaCheck mediaCheck;
    private final EventPublisher publisher;
    private final UploadProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ObjectProvider<TraceCarrier> traces;

    NotificationHandler(
            Uploads uploads,
            MediaCheck mediaCheck,
            EventPublisher publisher,
            UploadProperties settings,
            MeterRegistry meters,
            Clock clock,
            ObjectProvider<TraceCarrier> traces) {
        this.traces = traces;
        this.uploads = uploads;
        this.mediaCheck = mediaCheck;
        this.publisher = publisher;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Handles one message body. Returns normally when every record is done (the message may be deleted);
     * throws when a record could not be finished yet (Kafka, S3 or the database failed), so the message
     * comes back and the records already done are recognised as duplicates.
     */
    Result handle(String body) {
        NotificationParser.Parsed parsed = NotificationParser.parse(body);
        if (parsed.malformed() != null) {
            count(Outcome.MALFORMED);
            return new Result(parsed.malformed());
        }
        if (parsed.testEvent()) {
            count(Outcome.TEST_EVENT);
            return new Result(null);
        }
        for (ObjectEvent record : parsed.records()) {
            count(handle(record));
        }
        return new Result(null);
    }

    private Outcome handle(ObjectEvent record) {
        if (!record.isObjectCreated()) {
            log.debug("ignoring {} of {}", record.eventName(), record.key());
            return Outcome.IGNORED;
        }
        if (!record.key().startsWith(INPUT_PREFIX) || record.key().endsWith("/")) {
            // outside the watch folder, or a "folder" placeholder object made by a console
            log.debug("ignoring {}: not a file under {}", record.key(), INPUT_PREFIX);
            return Outcome.IGNORED;
        }
        String eventId = EventIds.videoUploaded(record.bucket(), record.key(), record.etag());
        Arrival arrival = uploads.arrival(record.key(), record.fileName(), eventId, record.size(), record.eventTime());
        TraceCarrier carrier = traces.getIfAvailable();
        if (carrier != null
                && arrival.upload().origin() == VideoUploaded.Origin.API
                && arrival.upload().traceParent() != null) {
            // The object is the one a presign call asked for: its handling (and the video.uploaded it publishes)
            // belongs to that call's trace, so the upload is one trace from the browser's request onwards.
            return carrier.continueTrace(
                    Map.of("traceparent", arrival.upload().traceParent()),
                    "s3 object arrived",
                    () -> handle(record, eventId, arrival));
        }
        return handle(record, eventId, arrival);
    }

    private Outcome handle(ObjectEvent record, String eventId, Arrival arrival) {
        Upload upload = arrival.upload();
        switch (arrival.kind()) {
            case DUPLICATE -> {
                log.info(
                        "duplicate notification for {} (upload {}, {}): nothing published",
                        record.key(),
                        upload.id(),
                        arrival.reason());
                return Outcome.DUPLICATE;
            }
            case IGNORED -> {
                log.warn("ignoring {} for upload {}: {}", record.key(), upload.id(), arrival.reason());
                return Outcome.IGNORED;
            }
            case PENDING -> {
                // carry on below
            }
        }
        String rejection = limitBroken(upload, record.size());
        MediaCheck.Verdict verdict = null;
        if (rejection == null) {
            verdict = mediaCheck.inspect(record.bucket(), record.key(), record.size());
            rejection = verdict.rejection();
        }
        if (rejection != null) {
            uploads.markRejected(upload, rejection, record.etag(), record.size(), eventId);
            log.info("rejected upload {} ({}): {}", upload.id(), record.key(), rejection);
            return Outcome.REJECTED;
        }
        String contentType = upload.contentType() != null ? upload.contentType() : verdict.contentType();
        VideoUploaded event = new VideoUploaded(
                eventId,
                upload.id(),
                upload.ownerId(),
                record.eventTime() != null ? record.eventTime() : clock.instant(),
                upload.title(),
                upload.originalFileName(),
                contentType,
                record.bucket(),
                record.key(),
                record.size(),
                record.etag(),
                upload.origin());
        publisher.publish(event);
        uploads.markUploaded(upload, record.etag(), record.size(), eventId, contentType);
        log.info(
                "published video.uploaded {} for video {} ({}, {} bytes, {})",
                eventId,
                upload.id(),
                record.key(),
                record.size(),
                upload.origin());
        return Outcome.PUBLISHED;
    }

    private String limitBroken(Upload upload, long size) {
        if (size > settings.maxSize().toBytes()) {
            return "the object has " + size + " bytes, more than the maximum of "
                    + settings.maxSize().toBytes();
        }
        if (upload.origin() == VideoUploaded.Origin.API && size != upload.declaredSize() && size > 0) {
            return "the object has " + size + " bytes but " + upload.declaredSize() + " were declared";
        }
        return null;
    }

    private void count(Outcome outcome) {
        meters.counter("vodflow.upload.notifications", "outcome", outcome.name().toLowerCase())
                .increment();
    }
}
