package dev.vodflow.catalog.video;

import dev.vodflow.catalog.events.DatabaseProbe;
import dev.vodflow.catalog.events.EventCodec;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VodflowEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Feeds every video and transcode topic into the catalog. The catalog reads its own {@code video.updated}
 * and {@code video.deleted} too: the API's writes are then part of the history a replay rebuilds from.
 *
 * <p>A poll's records are applied as one batch (one transaction, a few statements per table rather than
 * several per event: that is what makes a replay fast). When a record cannot be applied, the records
 * before it are committed and the error handler is told which record failed: it retries from there, a
 * bounded number of times, then dead-letters that record and moves on. When the database is unavailable
 * nothing of the batch is committed and the handler retries from its first record until it is back.
 */
@Component
class VideoEventListener {

    static final String LISTENER_ID = "catalog-projection";

    private final EventCodec codec;
    private final Catalog catalog;
    private final DatabaseProbe database;

    VideoEventListener(EventCodec codec, Catalog catalog, DatabaseProbe database) {
        this.codec = codec;
        this.catalog = catalog;
        this.database = database;
    }

    @KafkaListener(
            id = LISTENER_ID,
            idIsGroup = false,
            batch = "true",
            topics = {
                Topics.VIDEO_UPLOADED,
                Topics.TRANSCODE_PROGRESS,
                Topics.TRANSCODE_COMPLETED,
                Topics.TRANSCODE_FAILED,
                Topics.VIDEO_UPDATED,
                Topics.VIDEO_DELETED
            })
    void on(List<ConsumerRecord<String, byte[]>> records) {
        List<VodflowEvent> events = new ArrayList<>(records.size());
        RuntimeException undecodable = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(codec.decode(record));
            } catch (RuntimeException e) {
                undecodable = e; // apply the events before it, then report it
                break;
            }
        }
        Catalog.Outcome outcome;
        try {
            outcome = catalog.apply(events);
        } catch (RuntimeException e) {
            if (database.isOutage(e)) {
                throw new BatchListenerFailedException(
                        "database unavailable, nothing of this batch applied", e, records.get(0));
            }
            outcome = oneByOne(events);
        }
        if (outcome.failure() != null) {
            throw failed(records.get(outcome.applied()), outcome.failure());
        }
        if (undecodable != null) {
            throw failed(records.get(events.size()), undecodable);
        }
    }

    /**
     * A database error in a batch does not say which event caused it: apply them one at a time, each
     * committed on its own, to find it.
     */
    private Catalog.Outcome oneByOne(List<VodflowEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            Catalog.Outcome single;
            try {
                single = catalog.apply(List.of(events.get(i)));
            } catch (RuntimeException e) {
                return new Catalog.Outcome(i, e);
            }
            if (single.failure() != null) {
                return new Catalog.Outcome(i, single.failure());
            }
        }
        return new Catalog.Outcome(events.size(), null);
    }

    private static BatchListenerFailedException failed(ConsumerRecord<String, byte[]> record, RuntimeException cause) {
        return new BatchListenerFailedException(String.valueOf(cause.getMessage()), cause, record);
    }
}
