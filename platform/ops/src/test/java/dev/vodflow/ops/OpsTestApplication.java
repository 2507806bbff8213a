package dev.vodflow.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A service in miniature: a Kafka consumer in group {@code spring.application.name}, and the ops tool. */
@SpringBootApplication
class OpsTestApplication {

    @Bean
    Received received() {
        return new Received();
    }

    /** What the consumer saw, by ce_id header (or key). */
    static final class Received {
        final List<String> ids = new CopyOnWriteArrayList<>();
    }

    @Component
    static class OrdersListener {
        private final Received received;

        OrdersListener(Received received) {
            this.received = received;
        }

        @KafkaListener(topics = KafkaOpsIntegrationTests.TOPIC, groupId = "${spring.application.name}")
        void on(ConsumerRecord<String, String> record) {
            var id = record.headers().lastHeader("ce_id");
            received.ids.add(id == null ? record.key() : new String(id.value()));
        }
    }
}
