package dev.vodflow.notification.intake;

import dev.vodflow.messaging.DeadLetterTopics;
import dev.vodflow.observability.Refreshable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code vodflow.dead.letter.records{topic}}: the records retained in each dead-letter topic of every service
 * ({@code <topic>.<group>.dlt}), what deploy/'s VodflowDeadLetterTopicNotEmpty alert watches. This service reports it
 * because it already listens to every dead-letter topic (to tell operators by e-mail).
 */
@Component
class DeadLetterBacklog implements Refreshable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterBacklog.class);

    private final Admin admin;
    private final Duration timeout;
    private final MultiGauge gauge;

    DeadLetterBacklog(Admin observabilityKafkaAdmin, MeterRegistry meters) {
        this.admin = observabilityKafkaAdmin;
        this.timeout = Duration.ofSeconds(10);
        this.gauge = MultiGauge.builder("vodflow.dead.letter.records")
                .description("Records retained in a dead-letter topic")
                .baseUnit("records")
                .register(meters);
    }

    @Override
    public void refresh() {
        try {
            Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(DeadLetterTopics::isDeadLetterTopic)
                    .collect(Collectors.toSet());
            Map<String, Long> records = new TreeMap<>();
            if (!topics.isEmpty()) {
                List<TopicPartition> partitions = admin
                        .describeTopics(topics)
                        .allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .values()
                        .stream()
                        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                        .toList();
                Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
                Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
                ends.forEach((partition, end) -> records.merge(
                        partition.topic(),
                        Math.max(0, end.offset() - starts.get(partition).offset()),
                        Long::sum));
            }
            gauge.register(
                    records.entrySet().stream()
                            .map(e -> MultiGauge.Row.of(Tags.of("topic", e.getKey()), e.getValue()))
                            .collect(Collectors.toList()),
                    true);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("dead-letter topics not measured: {}", e.toString());
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
