package dev.vodflow.catalog.video;

import dev.vodflow.catalog.events.DatabaseProbe;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.messaging.BatchMessages;
import dev.vodflow.messaging.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * The {@code catalogEvents} binding (batch mode, destinations in application.yml): feeds every video and transcode
 * topic into the catalog. The catalog reads its own {@code video.updated} and {@code video.deleted} too: the API's
 * writes are then part of the history a replay rebuilds from.
 *
 * <p>A poll's records are applied as one batch (one transaction, a few statements per table rather than several per
 * event: that is what makes a replay fast). When a record cannot be decoded or applied, the records before it are
 * committed and the error handler is told which record failed: it retries from there, a bounded number of times, then
 * dead-letters that record and moves on (an undecodable one at once). When the database is unavailable nothing of
 * the batch is committed and the handler retries from its first record until it is back.
 */
@Component("catalogEvents")
class ProjectionConsumer implements Consumer<Message<List<byte[]>>> {

    private final EventCodec codec;
    private final Catalog catalog;
    private final DatabaseProbe database;

    ProjectionConsumer(EventCodec codec, Catalog catalog, DatabaseProbe database) {
        this.codec = codec;
        this.catalog = catalog;
        this.database = database;
    }

    @Override
    public void accept(Message<List<byte[]>> batch) {
        List<Message<byte[]>> records = BatchMessages.split(batch);
        List<VodflowEvent> events = new ArrayList<>(records.size());
        RuntimeException undecodable = null;
        for (Message<byte[]> record : records) {
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
                throw new BatchListenerFailedException("database unavailable, nothing of this batch applied", e, 0);
            }
            outcome = oneByOne(events);
        }
        if (outcome.failure() != null) {
            throw failed(outcome.applied(), outcome.failure());
        }
        if (undecodable != null) {
            throw failed(events.size(), undecodable);
        }
    }

    /**
     * A database error in a batch does not say which event caused it: apply them one at a time, each committed on its
     * own, to find it.
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

    private static BatchListenerFailedException failed(int index, RuntimeException cause) {
        return new BatchListenerFailedException(String.valueOf(cause.getMessage()), cause, index);
    }
}
