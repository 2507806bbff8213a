package dev.vodflow.events;

import java.time.Duration;
import java.util.Optional;

/**
 * How one topic is declared wherever it is created (each service at start, the local broker, {@code deploy/}), so
 * replay never depends on a broker's default retention.
 *
 * @param name the topic name
 * @param partitions partitions; every record is keyed by video id, so one video's events stay in order
 * @param retention how long records are kept; empty means for ever, because projections are rebuilt by replaying it
 * @param ownerSource the CloudEvents {@code source} of the only service that may publish to it
 */
public record TopicSpec(String name, int partitions, Optional<Duration> retention, String ownerSource) {

    public TopicSpec {
        Require.text(name, "name");
        Require.text(ownerSource, "ownerSource");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions + " for " + name);
        }
        if (retention == null) {
            throw new IllegalArgumentException("retention must be given (empty for ever) for " + name);
        }
    }

    /** Kafka's {@code retention.ms}: {@code -1} for a topic kept for ever. */
    public long retentionMs() {
        return retention.map(Duration::toMillis).orElse(-1L);
    }
}
