package dev.vodflow.playback.events;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.messaging.EventCodec;
import dev.vodflow.playback.video.Projection;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One functional binding per topic (see {@code application.yml}). The binder commits the offset only after the
 * consumer returns, that is after the projection's transaction committed. While the database is down a record is
 * retried until it is back; a record that keeps failing for another reason goes to {@code <topic>.playback-service.dlt}
 * (platform/messaging's retry policies).
 */
@Configuration(proxyBeanMethods = false)
class EventBindings {

    @Bean
    Consumer<Message<byte[]>> transcodeCompleted(EventCodec codec, Projection projection) {
        return message -> projection.apply(codec.decode(message, TranscodeCompleted.class));
    }

    @Bean
    Consumer<Message<byte[]>> videoUpdated(EventCodec codec, Projection projection) {
        return message -> projection.apply(codec.decode(message, VideoUpdated.class));
    }

    @Bean
    Consumer<Message<byte[]>> videoDeleted(EventCodec codec, Projection projection) {
        return message -> projection.apply(codec.decode(message, VideoDeleted.class));
    }
}
