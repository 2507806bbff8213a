package dev.vodflow.notification.intake;

import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One Spring Cloud Stream consumer, in batch mode, bound to every video, transcode and live topic (destinations and
 * group in application.yml). A poll's offsets are committed after {@link BatchIntake} returns, so after the database
 * commit. A record the codec refuses, or a {@link RejectedEvent}, goes straight to
 * {@code <topic>.notification-service.dlt} and the rest of its batch is taken in; while the database is down a batch
 * is retried until it is back (platform/messaging's retry policies).
 */
@Configuration(proxyBeanMethods = false)
class KafkaBindings {

    @Bean
    Consumer<Message<List<byte[]>>> videoEvents(BatchIntake intake) {
        return intake::accept;
    }
}
