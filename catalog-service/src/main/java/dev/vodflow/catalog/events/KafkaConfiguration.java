package dev.vodflow.catalog.events;

import dev.vodflow.events.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Retries and dead-lettering. A record that fails is redelivered {@code attempts} times, then published to
 * {@code <topic>.catalog-service.dlt} with the cause in the {@code kafka_dlt-exception-*} headers and the
 * partition moves on. A failure that is an outage of the database is not the record's fault: it is
 * retried with a growing pause and no limit, so the consumer waits the outage out and loses nothing.
 *
 * <p>This uses spring-kafka directly rather than a Spring Cloud Stream binding: the binder's retry and
 * DLQ settings have one attempt count for every failure, and cannot express "unlimited for an outage,
 * bounded for a bad record" without replacing its error handler anyway.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogKafkaProperties.class)
class KafkaConfiguration {

    /** The topics the catalog projects, in the order they usually happen for a video. */
    static final List<String> CONSUMED = List.of(
            Topics.VIDEO_UPLOADED,
            Topics.TRANSCODE_PROGRESS,
            Topics.TRANSCODE_COMPLETED,
            Topics.TRANSCODE_FAILED,
            Topics.VIDEO_UPDATED,
            Topics.VIDEO_DELETED);

    static final String DLT_SUFFIX = ".catalog-service.dlt";

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    @Bean
    DefaultErrorHandler catalogErrorHandler(
            KafkaTemplate<String, byte[]> kafka, CatalogKafkaProperties properties, DatabaseProbe database) {
        // Partition -1: let the key pick the DLT partition, so the DLT may have fewer partitions.
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                kafka, (record, failure) -> new TopicPartition(record.topic() + DLT_SUFFIX, -1));
        ConsumerRecordRecoverer recoverer = (record, failure) -> {
            // The last guard: whatever the failure looked like, never dead-letter while the database is
            // down; the record is delivered again instead.
            if (database.isDown()) {
                throw new IllegalStateException("database unavailable: not dead-lettering " + record.topic() + "-"
                        + record.partition() + "@" + record.offset());
            }
            deadLetters.accept(record, failure);
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(
                recoverer, new FixedBackOff(properties.retryInterval().toMillis(), properties.attempts() - 1L));
        ExponentialBackOff outage =
                new ExponentialBackOff(properties.outageInitialInterval().toMillis(), 2.0);
        outage.setMaxInterval(properties.outageMaxInterval().toMillis());
        handler.setBackOffFunction((record, failure) -> {
            if (database.isOutage(failure)) {
                log.warn(
                        "database unavailable while applying {}-{}@{}, retrying until it is back: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        failure.getMessage());
                return outage;
            }
            return null; // the bounded default
        });
        return handler;
    }

    @Bean
    KafkaAdmin.NewTopics catalogTopics(CatalogKafkaProperties properties) {
        var dlts = CONSUMED.stream().map(topic -> TopicBuilder.name(topic + DLT_SUFFIX)
                .partitions(properties.dltPartitions())
                .replicas(properties.replicationFactor())
                .build());
        var owned = List.of(Topics.VIDEO_UPDATED, Topics.VIDEO_DELETED).stream().map(topic -> TopicBuilder.name(topic)
                .partitions(properties.topicPartitions())
                .replicas(properties.replicationFactor())
                .build());
        return new KafkaAdmin.NewTopics(Stream.concat(dlts, owned).toArray(NewTopic[]::new));
    }
}
