package dev.vodflow.devstack;

import dev.vodflow.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline as Kafka records it, read from offset 0 by a consumer of its own (no service's group) for as long as
 * the suite runs, through broker restarts: every upload, completion and failure, with when the suite first saw it.
 */
final class PipelineWatch implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> TOPICS =
            List.of(Topics.VIDEO_UPLOADED, Topics.TRANSCODE_COMPLETED, Topics.TRANSCODE_FAILED);

    /** One record of a watched topic. */
    record Event(String topic, String videoId, String eventId, String originalFileName, long seenNanos) {}

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile boolean stopped;

    private PipelineWatch(String bootstrapServers) {
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "fault-suite-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                        2000),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        this.reader = new Thread(this::read, "pipeline-watch");
        reader.setDaemon(true);
    }

    static PipelineWatch start(String bootstrapServers) {
        PipelineWatch watch = new PipelineWatch(bootstrapServers);
        watch.consumer.subscribe(TOPICS);
        watch.reader.start();
        return watch;
    }

    private void read() {
        try {
            while (!stopped) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode body = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
                    events.add(new Event(
                            record.topic(),
                            body.path("videoId").asString(),
                            body.path("eventId").asString(),
                            body.path("originalFileName").asString(null),
                            System.nanoTime()));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The video a watch-folder file became, once its video.uploaded is seen; else null. */
    String videoOfFile(String fileName) {
        return events.stream()
                .filter(e -> e.topic().equals(Topics.VIDEO_UPLOADED) && fileName.equals(e.originalFileName()))
                .map(Event::videoId)
                .findFirst()
                .orElse(null);
    }

    /** The first transcode.completed or transcode.failed of {@code videoId}, or null. */
    Event finished(String videoId) {
        if (videoId == null) {
            return null;
        }
        return events.stream()
                .filter(e -> !e.topic().equals(Topics.VIDEO_UPLOADED) && videoId.equals(e.videoId()))
                .findFirst()
                .orElse(null);
    }

    /** Per video, its transcode.completed and transcode.failed records in the order seen. */
    Map<String, List<Event>> finals() {
        return events.stream()
                .filter(e -> !e.topic().equals(Topics.VIDEO_UPLOADED))
                .collect(Collectors.groupingBy(Event::videoId, Collectors.toCollection(ArrayList::new)));
    }

    /** Per video, the distinct event ids of {@code topic}: one per event however often Kafka carried it. */
    Map<String, Set<String>> eventIdsByVideo(String topic) {
        return events.stream()
                .filter(e -> e.topic().equals(topic))
                .collect(Collectors.groupingBy(
                        Event::videoId, Collectors.mapping(Event::eventId, Collectors.toCollection(TreeSet::new))));
    }

    /** Per video, its transcode.completed and transcode.failed event ids (distinct). */
    Map<String, Set<String>> finalEventIds() {
        Map<String, Set<String>> ids = new TreeMap<>();
        finals().forEach((video, ends) ->
                ids.put(video, ends.stream().map(Event::eventId).collect(Collectors.toCollection(TreeSet::new))));
        return ids;
    }

    /** Records of {@code videoId}'s events beyond the first of each event id: what senders re-sent. */
    int resent(String videoId) {
        List<Event> ofVideo =
                events.stream().filter(e -> videoId.equals(e.videoId())).toList();
        return ofVideo.size()
                - (int) ofVideo.stream()
                        .map(e -> e.topic() + "/" + e.eventId())
                        .distinct()
                        .count();
    }

    Set<String> eventIds(Collection<String> topics) {
        return events.stream()
                .filter(e -> topics.contains(e.topic()))
                .map(Event::eventId)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        consumer.wakeup();
        reader.join(10_000);
    }
}
