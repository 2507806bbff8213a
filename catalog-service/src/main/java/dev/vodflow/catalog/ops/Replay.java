package dev.vodflow.catalog.ops;

import dev.vodflow.events.Topics;
import dev.vodflow.observability.Refreshable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.binding.BindingsLifecycleController.State;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the catalog in place from the topics: stop consuming, empty the tables, forget the consumer
 * group's offsets (so it starts again at offset 0), consume again. Works when this is the only running
 * instance of the group; with several, use the side-by-side procedure in the README (fresh database and
 * group, compare fingerprints, switch). Either way the replay's progress is the gauge
 * {@code vodflow.catalog.replay.records{state=replayed|history}}: records of the retained history the group has
 * consumed, against all records in it up to the topics' end offsets.
 */
@Component
public class Replay implements Refreshable {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** The catalog's bindings and the topics they read (application.yml). */
    static final List<String> BINDINGS = List.of("catalogEvents-in-0", "liveChannelEvents-in-0");

    static final List<String> TOPICS = List.of(
            Topics.VIDEO_UPLOADED,
            Topics.TRANSCODE_PROGRESS,
            Topics.TRANSCODE_COMPLETED,
            Topics.TRANSCODE_FAILED,
            Topics.VIDEO_UPDATED,
            Topics.VIDEO_DELETED,
            Topics.LIVE_STARTED,
            Topics.LIVE_ENDED,
            Topics.LIVE_RECORDED);

    private final BindingsLifecycleController bindings;
    private final KafkaAdmin kafkaAdmin;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String group;
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong history = new AtomicLong();

    Replay(
            BindingsLifecycleController bindings,
            KafkaAdmin kafkaAdmin,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            @Value("${spring.cloud.stream.default.group}") String group,
            MeterRegistry meters) {
        this.bindings = bindings;
        this.kafkaAdmin = kafkaAdmin;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.group = group;
        Gauge.builder("vodflow.catalog.replay.records", replayed, AtomicLong::get)
                .description("Records of the topics' retained history the catalog's consumer group has consumed")
                .baseUnit("records")
                .tag("state", "replayed")
                .register(meters);
        Gauge.builder("vodflow.catalog.replay.records", history, AtomicLong::get)
                .description("Records in the topics' retained history, up to their end offsets")
                .baseUnit("records")
                .tag("state", "history")
                .register(meters);
    }

    public synchronized void rebuild() {
        BINDINGS.forEach(binding -> bindings.changeState(binding, State.STOPPED));
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            ConsumerGroupDescription description = call(() -> admin.describeConsumerGroups(List.of(group))
                            .describedGroups()
                            .get(group))
                    .orElse(null);
            if (description != null && !description.members().isEmpty()) {
                throw new GroupBusyException(group, description.members().size());
            }
            transactions.executeWithoutResult(tx -> jdbc.sql(
                            "TRUNCATE videos, video_renditions, video_thumbnails, deleted_videos, processed_events")
                    .update());
            call(() -> admin.deleteConsumerGroups(List.of(group)).all());
            log.info("catalog emptied and consumer group {} reset: replaying every topic from offset 0", group);
        } finally {
            BINDINGS.forEach(binding -> bindings.changeState(binding, State.STARTED));
        }
    }

    /** How far the group is behind the end of each topic it reads; 0 everywhere once a replay caught up. */
    public Progress progress() {
        Offsets offsets = offsets();
        long lag = offsets.history() - offsets.consumed();
        return new Progress(group, lag, lag == 0);
    }

    /** Updates the progress gauges (called in the background by platform/observability's refresher). */
    @Override
    public void refresh() {
        try {
            Offsets offsets = offsets();
            replayed.set(offsets.consumed());
            history.set(offsets.history());
        } catch (RuntimeException e) {
            log.debug("could not read the replay progress of {}: {}", group, e.toString());
        }
    }

    /**
     * Per partition: the records between the log's start (retention may have moved it past 0) and its end, and how
     * many of them the group has consumed. Where the group has no offset yet it starts at the log's start.
     */
    private Offsets offsets() {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = call(() ->
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
                    .orElse(Map.of());
            Set<String> topics = Set.copyOf(TOPICS);
            Set<TopicPartition> partitions =
                    call(() -> admin.describeTopics(topics).allTopicNames()).orElse(Map.of()).values().stream()
                            .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                            .collect(Collectors.toSet());
            Map<TopicPartition, ListOffsetsResultInfo> ends = call(() -> admin.listOffsets(
                                    spec(partitions, OffsetSpec.latest()))
                            .all())
                    .orElse(Map.of());
            Map<TopicPartition, ListOffsetsResultInfo> starts = call(() -> admin.listOffsets(
                                    spec(partitions, OffsetSpec.earliest()))
                            .all())
                    .orElse(Map.of());
            long history = 0;
            long consumed = 0;
            for (var entry : ends.entrySet()) {
                long start = starts.get(entry.getKey()).offset();
                long end = Math.max(start, entry.getValue().offset());
                OffsetAndMetadata position = committed.get(entry.getKey());
                long at = position != null ? Math.min(end, Math.max(start, position.offset())) : start;
                history += end - start;
                consumed += at - start;
            }
            return new Offsets(consumed, history);
        }
    }

    private record Offsets(long consumed, long history) {}

    public record Progress(String group, long lag, boolean caughtUp) {}

    private static Map<TopicPartition, OffsetSpec> spec(Set<TopicPartition> partitions, OffsetSpec spec) {
        return partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
    }

    private static <T> Optional<T> call(Callable<KafkaFuture<T>> future) {
        try {
            return Optional.ofNullable(future.call().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException
                    || e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException(
                    "Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call timed out after " + ADMIN_TIMEOUT, e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another instance still consumes as the group; an in-place rebuild would race it. */
    public static class GroupBusyException extends RuntimeException {

        GroupBusyException(String group, int members) {
            super("consumer group " + group + " still has " + members
                    + " member(s): stop the other instances or rebuild side by side");
        }
    }
}
