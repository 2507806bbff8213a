package dev.vodflow.messaging;

import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics one service declares at start: those it owns and those it consumes, each as {@link Topics#ALL} says
 * (partitions, retention), and the dead-letter topic of every topic it consumes. Nothing is left to a broker's
 * defaults: a replay needs the history kept, and a dead letter waits for an operator however long that takes.
 */
final class TopicDeclarations {

    private TopicDeclarations() {}

    /** A topic consumed by a group, as a binding names it. */
    record Consumed(String topic, String group) {}

    static List<NewTopic> of(String source, Collection<Consumed> consumed, short replicationFactor) {
        Map<String, NewTopic> topics = new LinkedHashMap<>();
        for (TopicSpec spec : Topics.ALL) {
            if (spec.ownerSource().equals(source)) {
                topics.put(spec.name(), topic(spec.name(), spec.partitions(), spec.retentionMs(), replicationFactor));
            }
        }
        for (Consumed c : consumed) {
            Topics.ALL.stream()
                    .filter(spec -> spec.name().equals(c.topic()))
                    .findFirst()
                    .ifPresent(spec -> {
                        topics.putIfAbsent(
                                spec.name(),
                                topic(spec.name(), spec.partitions(), spec.retentionMs(), replicationFactor));
                        String dlt = DeadLetterTopics.of(spec.name(), c.group());
                        topics.putIfAbsent(dlt, topic(dlt, spec.partitions(), -1, replicationFactor));
                    });
        }
        return new ArrayList<>(topics.values());
    }

    private static NewTopic topic(String name, int partitions, long retentionMs, short replicationFactor) {
        TopicBuilder builder = TopicBuilder.name(name)
                .partitions(partitions)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMs));
        if (replicationFactor > 0) {
            builder.replicas(replicationFactor);
        }
        return builder.build();
    }
}
