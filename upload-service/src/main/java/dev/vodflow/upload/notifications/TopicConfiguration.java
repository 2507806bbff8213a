package dev.vodflow.upload.notifications;

import dev.vodflow.events.Topics;
import dev.vodflow.upload.UploadProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    /**
     * {@code video.uploaded} is durable history: every projection is rebuilt by replaying it, so it is
     * never deleted by age. Replicas follow the broker's default.
     */
    @Bean
    NewTopic videoUploadedTopic(UploadProperties settings) {
        return TopicBuilder.name(Topics.VIDEO_UPLOADED)
                .partitions(settings.notifications().topicPartitions())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }
}
