package dev.vodflow.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka operations on one consumer group's dead-letter topics and offsets, with the Kafka client settings the
 * service itself uses (so TLS and SASL settings in production carry over).
 *
 * <p>Dead-letter topics are named {@code <topic>.<group>.dlt}. A re-drive sends each dead record, unchanged (key,
 * value, CloudEvents headers; the dead-letter headers dropped), back to its topic, and records how far it got as
 * the committed offsets of the group {@code <group>.redrive} on the dead-letter topic: running it again sends only
 * what arrived since. Consumers drop events whose id they already applied, so a record re-driven to a topic other
 * groups read too changes nothing for them.
 */
final class KafkaGroupTool {

    static final String SUFFIX = ".dlt";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_VALUE_CHARS = 4096;

    private final Map<String, Object> client;
    private final String group;

    KafkaGroupTool(Map<String, Object> client, String group) {
        this.client = Map.copyOf(client);
        this.group = group;
    }

    String group() {
        return group;
    }

    String redriveGroup() {
        return group + ".redrive";
    }

    /** This group's dead-letter topics, with how many records each holds and how many wait for a re-drive. */
    List<DeadLetterTopic> deadLetterTopics() {
        try (Admin admin = Admin.create(client)) {
            Set<String> names = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .filter(this::isOurDeadLetterTopic)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            List<DeadLetterTopic> topics = new ArrayList<>();
            for (String name : names) {
                Map<TopicPartition, Long> earliest = offsets(admin, name, OffsetSpec.earliest());
                Map<TopicPartition, Long> latest = offsets(admin, name, OffsetSpec.latest());
                Map<TopicPartition, OffsetAndMetadata> redriven = committed(admin, redriveGroup());
                long records = 0;
                long waiting = 0;
                for (var end : latest.entrySet()) {
                    long start = earliest.getOrDefault(end.getKey(), 0L);
                    records += end.getValue() - start;
                    OffsetAndMetadata done = redriven.get(end.getKey());
                    waiting += end.getValue() - Math.max(start, done == null ? 0 : done.offset());
                }
                topics.add(new DeadLetterTopic(name, originalTopic(name), records, waiting));
            }
            return topics;
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailable("Kafka did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted", e);
        }
    }

    /** Up to {@code limit} records of a dead-letter topic not re-driven yet, oldest first per partition. */
    List<DeadRecord> inspect(String deadLetterTopic, int limit) {
        requireOurs(deadLetterTopic);
        List<DeadRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(redriveGroup())) {
            forEachWaiting(consumer, deadLetterTopic, record -> {
                if (records.size() < limit) {
                    records.add(DeadRecord.of(record));
                }
                return records.size() < limit;
            });
        }
        return records;
    }

    /** Sends every record that waits in the dead-letter topic back to its topic, once; answers how many. */
    Redrive redrive(String deadLetterTopic) {
        requireOurs(deadLetterTopic);
        String target = originalTopic(deadLetterTopic);
        Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
        long[] sent = {0};
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(redriveGroup());
                KafkaProducer<byte[], byte[]> producer = producer()) {
            forEachWaiting(consumer, deadLetterTopic, record -> {
                ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(target, null, record.key(), record.value());
                for (Header header : record.headers()) {
                    if (!isDeadLetterHeader(header.key())) {
                        again.headers().add(header);
                    }
                }
                try {
                    producer.send(again).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new KafkaUnavailable("could not send to " + target + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaUnavailable("interrupted", e);
                }
                // Each record's progress is committed once it is on its topic: a re-drive cut short resends at
                // most the record it was sending.
                progress.put(
                        new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                consumer.commitSync(progress);
                sent[0]++;
                return true;
            });
        }
        return new Redrive(deadLetterTopic, target, sent[0]);
    }

    /**
     * Moves the group's committed offsets on every topic it consumes to the first offset at or after {@code from}
     * (the beginning when empty). Kafka accepts this only while no member consumes as the group: the caller stops
     * its own consumers first, and any other member is reported.
     */
    Replay replay(Optional<Instant> from) {
        try (Admin admin = Admin.create(client)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!description.members().isEmpty()) {
                throw new GroupBusy(group, description.members().size());
            }
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
            if (committed.isEmpty()) {
                return new Replay(group, from.orElse(null), Map.of());
            }
            Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
            committed
                    .keySet()
                    .forEach(partition -> wanted.put(
                            partition,
                            from.map(at -> OffsetSpec.forTimestamp(at.toEpochMilli()))
                                    .orElse(OffsetSpec.earliest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found =
                    admin.listOffsets(wanted).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<TopicPartition, Long> latest = new HashMap<>();
            if (from.isPresent()) {
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                committed.keySet().forEach(partition -> ends.put(partition, OffsetSpec.latest()));
                admin.listOffsets(ends)
                        .all()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .forEach((partition, info) -> latest.put(partition, info.offset()));
            }
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            found.forEach((partition, info) -> {
                // No record at or after the time: start after the last one (nothing to replay there).
                long offset = info.offset() >= 0 ? info.offset() : latest.getOrDefault(partition, 0L);
                reset.put(partition, new OffsetAndMetadata(offset));
            });
            admin.alterConsumerGroupOffsets(group, reset).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<String, Long> perTopic = new TreeMap<>();
            reset.forEach((partition, offset) ->
                    perTopic.merge(partition.topic(), committed.get(partition).offset() - offset.offset(), Long::sum));
            return new Replay(group, from.orElse(null), perTopic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return new Replay(group, from.orElse(null), Map.of());
            }
            throw new KafkaUnavailable(
                    "Kafka refused the replay: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new KafkaUnavailable("Kafka did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted", e);
        }
    }

    /** How many members consume as the group right now. */
    int members() {
        try (Admin admin = Admin.create(client)) {
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .members()
                    .size();
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailable("Kafka did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted", e);
        }
    }

    private interface RecordVisitor {
        /** @return whether to go on */
        boolean visit(ConsumerRecord<byte[], byte[]> record);
    }

    /** Reads the topic from the re-drive group's committed offsets (or its start) to the end it had when called. */
    private void forEachWaiting(KafkaConsumer<byte[], byte[]> consumer, String topic, RecordVisitor visitor) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), TIMEOUT);
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            consumer.seek(partition, Math.max(beginnings.get(partition), done == null ? 0 : done.offset()));
        }
        List<TopicPartition> open = new ArrayList<>(partitions);
        open.removeIf(p -> consumer.position(p, TIMEOUT) >= ends.get(p));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new KafkaUnavailable("could not read " + topic + " to its end within " + TIMEOUT, null);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (!open.contains(partition) || record.offset() >= ends.get(partition)) {
                    continue;
                }
                if (!visitor.visit(record)) {
                    return;
                }
            }
            open.removeIf(p -> consumer.position(p, TIMEOUT) >= ends.get(p));
        }
    }

    private boolean isOurDeadLetterTopic(String topic) {
        String tail = "." + group + SUFFIX;
        return topic.endsWith(tail) && topic.length() > tail.length();
    }

    private void requireOurs(String topic) {
        if (!isOurDeadLetterTopic(topic)) {
            throw new NotOurTopic(topic, group);
        }
    }

    private String originalTopic(String deadLetterTopic) {
        return deadLetterTopic.substring(0, deadLetterTopic.length() - ("." + group + SUFFIX).length());
    }

    /** Headers the dead-letter publishers add: spring-kafka's and the services' own cause headers. */
    static boolean isDeadLetterHeader(String name) {
        return name.startsWith("kafka_dlt-") || name.startsWith("x-exception-") || name.startsWith("x-original-");
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String topic, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        var description = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .get(topic);
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        description.partitions().forEach(p -> wanted.put(new TopicPartition(topic, p.partition()), spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(wanted)
                .all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                present.put(partition, offset);
            }
        });
        return present;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String groupId) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A dead-letter topic of the group. */
    record DeadLetterTopic(String name, String originalTopic, long records, long waiting) {}

    /** One dead record as an operator reads it: where it came from, why it died, and what it holds. */
    record DeadRecord(
            int partition,
            long offset,
            Instant deadAt,
            String key,
            String eventId,
            String eventType,
            String exception,
            String reason,
            String value) {

        static DeadRecord of(ConsumerRecord<byte[], byte[]> record) {
            String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
            if (value != null && value.length() > MAX_VALUE_CHARS) {
                value = value.substring(0, MAX_VALUE_CHARS) + "...";
            }
            return new DeadRecord(
                    record.partition(),
                    record.offset(),
                    Instant.ofEpochMilli(record.timestamp()),
                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                    header(record, "ce_id"),
                    header(record, "ce_type"),
                    first(record, "kafka_dlt-exception-fqcn", "x-exception-fqcn"),
                    first(record, "kafka_dlt-exception-message", "x-exception-message"),
                    value);
        }

        private static String first(ConsumerRecord<byte[], byte[]> record, String... names) {
            for (String name : names) {
                String value = header(record, name);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }

        private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    record Redrive(String deadLetterTopic, String topic, long sent) {}

    /** @param rewound per topic, how many records the group will read again */
    record Replay(String group, Instant from, Map<String, Long> rewound) {}

    static final class KafkaUnavailable extends RuntimeException {
        KafkaUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class GroupBusy extends RuntimeException {
        GroupBusy(String group, int members) {
            super(members + " consumer(s) still read as group " + group
                    + " (other instances of the service): stop them or scale the service to one instance, then"
                    + " replay again");
        }
    }

    static final class NotOurTopic extends RuntimeException {
        NotOurTopic(String topic, String group) {
            super(topic + " is not a dead-letter topic of group " + group + " (named <topic>." + group + SUFFIX + ")");
        }
    }
}
