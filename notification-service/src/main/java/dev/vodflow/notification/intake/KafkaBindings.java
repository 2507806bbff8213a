package dev.vodflow.notification.intake;

import dev.vodflow.messaging.EventCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One Spring Cloud Stream consumer bound to every video, transcode and live topic (destinations and group in
 * application.yml). The offset is committed after {@link EventIntake#accept} returns, so after the database commit.
 * A record the codec refuses, or a {@link RejectedEvent}, goes straight to {@code <topic>.notification-service.dlt};
 * while the database is down a record is retried until it is back (platform/messaging's retry policies).
 */
@Configuration(proxyBeanMethods = false)
class KafkaBindings {

    @Bean
    Consumer<Message<byte[]>> videoEvents(EventCodec codec, EventIntake intake) {
        return message -> intake.accept(codec.decode(message));
    }
}
