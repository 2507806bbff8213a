package dev.vodflow.notification.intake;

import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One Spring Cloud Stream consumer bound to every video and transcode topic (destinations and group in
 * application.yml). The offset is committed after {@link EventIntake#accept} returns, so after the database commit.
 * A {@link RejectedEvent} is not retried and goes straight to the binder's dead-letter topic; other failures are
 * retried a few times first.
 */
@Configuration(proxyBeanMethods = false)
class KafkaBindings {

    @Bean
    Consumer<Message<byte[]>> videoEvents(IncomingEvents incoming, EventIntake intake) {
        return message -> intake.accept(incoming.read(message.getHeaders(), message.getPayload()));
    }
}
