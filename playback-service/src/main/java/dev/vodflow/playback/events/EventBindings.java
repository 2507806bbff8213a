package dev.vodflow.playback.events;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.messaging.BatchApplier;
import dev.vodflow.messaging.EventCodec;
import dev.vodflow.playback.video.Projection;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One functional binding per topic (see {@code application.yml}), each in batch mode: a poll's records are applied by
 * {@link Projection} in one transaction. The binder commits the offsets only after the consumer returns, that is after
 * that transaction committed. While the database is down a batch is retried until it is back; a record that cannot be
 * read or keeps failing for another reason goes to {@code <topic>.playback-service.dlt} and the records after it are
 * applied ({@link BatchApplier}, platform/messaging's retry policies).
 */
@Configuration(proxyBeanMethods = false)
class EventBindings {

    @Bean
    Consumer<Message<List<byte[]>>> transcodeCompleted(BatchApplier applier, EventCodec codec, Projection projection) {
        return batch ->
                applier.accept(batch, record -> codec.decode(record, TranscodeCompleted.class), projection::apply);
    }

    @Bean
    Consumer<Message<List<byte[]>>> videoUpdated(BatchApplier applier, EventCodec codec, Projection projection) {
        return batch -> applier.accept(batch, record -> codec.decode(record, VideoUpdated.class), projection::apply);
    }

    @Bean
    Consumer<Message<List<byte[]>>> videoDeleted(BatchApplier applier, EventCodec codec, Projection projection) {
        return batch -> applier.accept(batch, record -> codec.decode(record, VideoDeleted.class), projection::apply);
    }
}
