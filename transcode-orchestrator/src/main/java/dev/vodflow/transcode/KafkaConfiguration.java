package dev.vodflow.transcode;

import dev.vodflow.events.Topics;
import dev.vodflow.transcode.events.TranscodeEvents;
import dev.vodflow.transcode.job.Transience;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka wiring. spring-kafka is used directly rather than the Spring Cloud Stream binder because the consumer
 * needs two retry policies on one binding: a record that fails for a transient reason (breaker open, MediaConvert
 * or the database away) is never acknowledged and is retried without limit, so nothing is lost, while any other
 * failure gets bounded retries and then the dead-letter topic, so one bad record never stops the partition.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    static final String UPLOADED_DLT = deadLetters(Topics.VIDEO_UPLOADED);

    /** Each consumed topic's records that cannot be applied go to its own dead-letter topic. */
    static String deadLetters(String topic) {
        return topic + ".transcode-orchestrator.dlt";
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                template, (record, failure) -> new TopicPartition(deadLetters(record.topic()), -1));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500, 2));
        handler.setBackOffFunction((record, failure) -> {
            if (Transience.isTransient(failure)) {
                ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
                backOff.setMaxInterval(30_000);
                return backOff;
            }
            return null;
        });
        return handler;
    }

    @Bean
    KafkaAdmin.NewTopics vodflowTopics() {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(Topics.TRANSCODE_PROGRESS).partitions(3).build(),
                TopicBuilder.name(Topics.TRANSCODE_COMPLETED).partitions(3).build(),
                TopicBuilder.name(Topics.TRANSCODE_FAILED).partitions(3).build(),
                TopicBuilder.name(UPLOADED_DLT).partitions(3).build(),
                TopicBuilder.name(deadLetters(Topics.VIDEO_DELETED))
                        .partitions(3)
                        .build());
    }

    @Bean
    TranscodeEvents transcodeEvents(
            KafkaTemplate<String, String> template,
            JsonMapper json,
            @Value("${vodflow.transcode.publish-timeout:10s}") Duration timeout) {
        return new TranscodeEvents(template, json, timeout);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
