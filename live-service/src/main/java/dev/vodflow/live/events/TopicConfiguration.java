package dev.vodflow.live.events;

import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The live topics as the events module declares them, so replay never depends on a broker's default retention. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    KafkaAdmin.NewTopics liveTopics() {
        return new KafkaAdmin.NewTopics(
                topic(Topics.spec(Topics.LIVE_STARTED)),
                topic(Topics.spec(Topics.LIVE_ENDED)),
                topic(Topics.spec(Topics.LIVE_RECORDED)));
    }

    private static NewTopic topic(TopicSpec spec) {
        return TopicBuilder.name(spec.name())
                .partitions(spec.partitions())
                .config("retention.ms", String.valueOf(spec.retentionMs()))
                .build();
    }
}
