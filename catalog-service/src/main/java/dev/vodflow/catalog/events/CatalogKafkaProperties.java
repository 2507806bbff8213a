package dev.vodflow.catalog.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the catalog consumes and publishes.
 *
 * @param attempts deliveries of a record that fails for a reason other than an unreachable database
 *     before it is dead-lettered
 * @param retryInterval pause between those deliveries
 * @param outageInitialInterval first pause when the database is unreachable; the pause doubles up to
 *     {@code outageMaxInterval} and the record is retried until the database is back, never dead-lettered
 * @param publishTimeout how long a PATCH or DELETE waits for the broker to acknowledge its event
 * @param dltPartitions partitions of the dead-letter topics this service creates
 * @param topicPartitions partitions of the topics this service owns ({@code video.updated},
 *     {@code video.deleted}) when it creates them
 * @param replicationFactor replicas of the topics this service creates
 */
@Validated
@ConfigurationProperties("vodflow.catalog.kafka")
public record CatalogKafkaProperties(
        @Min(1) int attempts,
        @NotNull Duration retryInterval,
        @NotNull Duration outageInitialInterval,
        @NotNull Duration outageMaxInterval,
        @NotNull Duration publishTimeout,
        @Min(1) int dltPartitions,
        @Min(1) int topicPartitions,
        @Min(1) short replicationFactor) {}
