package dev.vodflow.playback.events;

import dev.vodflow.events.EventType;
import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveStarted;
import dev.vodflow.playback.live.LiveProjection;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The live topics' bindings, in the same style as {@link EventBindings}. */
@Configuration(proxyBeanMethods = false)
class LiveEventBindings {

    @Bean
    Consumer<Message<byte[]>> liveStarted(EventReader reader, LiveProjection projection) {
        return message -> projection.apply(reader.read(message, EventType.LIVE_STARTED, LiveStarted.class));
    }

    @Bean
    Consumer<Message<byte[]>> liveEnded(EventReader reader, LiveProjection projection) {
        return message -> projection.apply(reader.read(message, EventType.LIVE_ENDED, LiveEnded.class));
    }
}
