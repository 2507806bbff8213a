package dev.vodflow.catalog.video;

import dev.vodflow.messaging.BatchApplier;
import dev.vodflow.messaging.EventCodec;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * The {@code catalogEvents} binding (batch mode, destinations in application.yml): feeds every video and transcode
 * topic into the catalog. The catalog reads its own {@code video.updated} and {@code video.deleted} too: the API's
 * writes are then part of the history a replay rebuilds from.
 *
 * <p>A poll's records are applied as one batch (one transaction, a few statements per table rather than several per
 * event: that is what makes a replay fast). A record that cannot be decoded or applied is reported to the error
 * handler once the records before it are committed; while the database is unavailable nothing of the batch is
 * committed and it is retried until it is back ({@link BatchApplier}).
 */
@Component("catalogEvents")
class ProjectionConsumer implements Consumer<Message<List<byte[]>>> {

    private final BatchApplier applier;
    private final EventCodec codec;
    private final Catalog catalog;

    ProjectionConsumer(BatchApplier applier, EventCodec codec, Catalog catalog) {
        this.applier = applier;
        this.codec = codec;
        this.catalog = catalog;
    }

    @Override
    public void accept(Message<List<byte[]>> batch) {
        applier.accept(batch, codec::decode, catalog::apply);
    }
}
