package dev.vodflow.catalog.video;

import dev.vodflow.catalog.events.EventCodec;
import dev.vodflow.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds every video and transcode topic into the catalog. The catalog reads its own {@code video.updated}
 * and {@code video.deleted} too: the API's writes are then part of the history a replay rebuilds from.
 * Failures go to the error handler (bounded retries then the DLT; database outages wait).
 */
@Component
class VideoEventListener {

    static final String LISTENER_ID = "catalog-projection";

    private final EventCodec codec;
    private final Catalog catalog;

    VideoEventListener(EventCodec codec, Catalog catalog) {
        this.codec = codec;
        this.catalog = catalog;
    }

    @KafkaListener(
            id = LISTENER_ID,
            idIsGroup = false,
            topics = {
                Topics.VIDEO_UPLOADED,
                Topics.TRANSCODE_PROGRESS,
                Topics.TRANSCODE_COMPLETED,
                Topics.TRANSCODE_FAILED,
                Topics.VIDEO_UPDATED,
                Topics.VIDEO_DELETED
            })
    void on(ConsumerRecord<String, byte[]> record) {
        catalog.apply(codec.decode(record));
    }
}
