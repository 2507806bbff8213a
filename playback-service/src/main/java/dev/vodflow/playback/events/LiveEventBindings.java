package dev.vodflow.playback.events;

import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveStarted;
import dev.vodflow.messaging.EventCodec;
import dev.vodflow.playback.live.LiveProjection;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The live topics' bindings, in the same style as {@link EventBindings}. */
@Configuration(proxyBeanMethods = false)
class LiveEventBindings {

    @Bean
    Consumer<Message<byte[]>> liveStarted(EventCodec codec, LiveProjection projection) {
        return message -> projection.apply(codec.decode(message, LiveStarted.class));
    }

    @Bean
    Consumer<Message<byte[]>> liveEnded(EventCodec codec, LiveProjection projection) {
        return message -> projection.apply(codec.decode(message, LiveEnded.class));
    }
}
