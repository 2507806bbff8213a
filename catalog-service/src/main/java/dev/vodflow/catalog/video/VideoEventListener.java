package dev.vodflow.catalog.video;

import dev.vodflow.catalog.events.EventCodec;
import dev.vodflow.catalog.events.TransientFailures;
import dev.vodflow.events.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds every video and transcode topic into the catalog. The catalog reads its own {@code video.updated}
 * and {@code video.deleted} too: the API's writes are then part of the history a replay rebuilds from.
 *
 * <p>A poll's records are applied in one transaction (one commit per batch rather than per event is what
 * makes a replay fast), each event under its own savepoint. When an event fails, the events before it are
 * committed and the error handler is told which record failed: it retries from there, a bounded number of
 * times, then dead-letters that record and moves on. When the database is unavailable nothing of the batch
 * is committed and the handler retries from its first record until the database is back.
 */
@Component
class VideoEventListener {

    static final String LISTENER_ID = "catalog-projection";

    private final EventCodec codec;
    private final Catalog catalog;
    private final TransactionTemplate transactions;

    VideoEventListener(EventCodec codec, Catalog catalog, TransactionTemplate transactions) {
        this.codec = codec;
        this.catalog = catalog;
        this.transactions = transactions;
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
        Failure failure;
        try {
            failure = transactions.execute(tx -> applyUntilFailure(records));
        } catch (RuntimeException outage) {
            throw new BatchListenerFailedException(
                    "database unavailable, nothing of this batch applied", outage, records.get(0));
        }
        if (failure != null) {
            throw new BatchListenerFailedException(failure.cause().getMessage(), failure.cause(), failure.record());
        }
    }

    private Failure applyUntilFailure(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                catalog.apply(codec.decode(record));
            } catch (RuntimeException e) {
                if (TransientFailures.isOutage(e)) {
                    throw e;
                }
                return new Failure(record, e); // commit the records before it
            }
        }
        return null;
    }

    private record Failure(ConsumerRecord<String, byte[]> record, RuntimeException cause) {}
}
