package dev.vodflow.playback.events;

import dev.vodflow.events.EventType;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.playback.video.Projection;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One functional binding per topic (see {@code application.yml}). The binder commits the offset only after the
 * consumer returns, that is after the projection's transaction committed; a record that keeps failing goes to the
 * binding's dead-letter topic after the configured attempts.
 */
@Configuration(proxyBeanMethods = false)
class EventBindings {

    @Bean
    Consumer<Message<byte[]>> transcodeCompleted(EventReader reader, Projection projection) {
        return message ->
                projection.apply(reader.read(message, EventType.TRANSCODE_COMPLETED, TranscodeCompleted.class));
    }

    @Bean
    Consumer<Message<byte[]>> videoUpdated(EventReader reader, Projection projection) {
        return message -> projection.apply(reader.read(message, EventType.VIDEO_UPDATED, VideoUpdated.class));
    }

    @Bean
    Consumer<Message<byte[]>> videoDeleted(EventReader reader, Projection projection) {
        return message -> projection.apply(reader.read(message, EventType.VIDEO_DELETED, VideoDeleted.class));
    }
}
