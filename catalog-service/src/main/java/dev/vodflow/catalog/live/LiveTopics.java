package dev.vodflow.catalog.live;

import dev.vodflow.events.Topics;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The dead-letter topics of the live topics, named as the catalog's error handler names them. */
@Configuration(proxyBeanMethods = false)
class LiveTopics {

    @Bean
    KafkaAdmin.NewTopics catalogLiveDeadLetterTopics() {
        return new KafkaAdmin.NewTopics(List.of(Topics.LIVE_STARTED, Topics.LIVE_ENDED, Topics.LIVE_RECORDED).stream()
                .map(topic -> TopicBuilder.name(topic + ".catalog-service.dlt")
                        .partitions(1)
                        .build())
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }
}
