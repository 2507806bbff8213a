package dev.vodflow.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vodflow.kafka.consumer.lag{group,topic}}: records written to a topic that the group has not committed yet,
 * read from the broker (committed offsets against end offsets), so it is right however many instances consume.
 */
class ConsumerLag implements Refreshable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final List<String> groups;
    private final Duration timeout;
    private final MultiGauge gauge;

    ConsumerLag(Admin admin, List<String> groups, Duration timeout, MeterRegistry meters) {
        this.admin = admin;
        this.groups = List.copyOf(groups);
        this.timeout = timeout;
        this.gauge = MultiGauge.builder("vodflow.kafka.consumer.lag")
                .description("Records on a topic not yet committed by the consumer group")
                .baseUnit("records")
                .register(meters);
    }

    /** Reads every group's offsets and replaces the gauge's rows; a broker that does not answer keeps the last rows. */
    @Override
    public void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try {
            for (String group : groups) {
                Map<TopicPartition, Long> committed = committed(group);
                lagByTopic(committed, endOffsets(committed))
                        .forEach((topic, lag) ->
                                rows.add(MultiGauge.Row.of(Tags.of("group", group, "topic", topic), lag)));
            }
            gauge.register(rows, true);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("consumer lag not refreshed: {}", e.toString());
        }
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> committed = new TreeMap<>(ConsumerLag::compare);
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    private Map<TopicPartition, Long> endOffsets(Map<TopicPartition, Long> committed) throws Exception {
        Map<TopicPartition, OffsetSpec> latest =
                committed.keySet().stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        if (latest.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new TreeMap<>(ConsumerLag::compare);
        ends.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Lag per topic: the sum over its partitions of end offset minus committed offset (never below zero). */
    static Map<String, Long> lagByTopic(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        Map<String, Long> lag = new TreeMap<>();
        committed.forEach((partition, offset) -> {
            Long end = ends.get(partition);
            if (end != null) {
                lag.merge(partition.topic(), Math.max(0, end - offset), Long::sum);
            }
        });
        return lag;
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
