package dev.vodflow.live.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.Topics;
import dev.vodflow.testsupport.LocalInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recording watch run by two instances at once (two threads calling it together, as two replicas' schedulers
 * would), against the real PostgreSQL, Kafka, S3 and MediaLive emulator: each recording is announced exactly once.
 */
@SpringBootTest(properties = "vodflow.live.recording-poll-interval=1h")
class RecordingWatchIntegrationTests {

    private static final LocalInfrastructure INFRA = LocalInfrastructure.get();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CHANNELS = 6;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRA.registerProperties(registry, "live");
    }

    @Autowired
    RecordingWatch watch;

    @Autowired
    ChannelRepository repository;

    @Test
    void twoWatchersAtOnceAnnounceEachRecordingOnce() throws Exception {
        List<String> broadcasts = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            broadcasts.add(pendingChannelWithARecording());
        }

        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(instances.submit(() -> {
                    go.await();
                    watch.poll();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            instances.shutdown();
        }
        // a third run, after both: nothing is pending any more
        watch.poll();

        Map<String, Integer> announcements = announcementsOf(broadcasts);
        for (String broadcast : broadcasts) {
            assertThat(announcements.getOrDefault(broadcast, 0))
                    .as("live.recorded events for broadcast %s", broadcast)
                    .isEqualTo(1);
        }
        assertThat(repository.findByRecordingState(RecordingState.PENDING))
                .extracting(Channel::broadcastId)
                .doesNotContainAnyElementsOf(broadcasts);
    }

    /** An ended channel whose encoder is gone and whose recording is in S3: the watch's next check announces it. */
    private String pendingChannelWithARecording() {
        String id = UUID.randomUUID().toString();
        String broadcast = UUID.randomUUID().toString();
        String key = "input/live/carol/" + broadcast + "/show.000000.ts";
        INFRA.s3().putObject(r -> r.bucket(INFRA.bucket()).key(key), RequestBody.fromBytes(new byte[4096]));
        Instant now = Instant.now();
        repository.save(new Channel(
                id,
                "carol",
                "Show",
                ChannelState.ENDED,
                UUID.randomUUID().toString().replace("-", ""),
                null,
                null,
                null,
                null,
                "no-such-encoder-channel-" + id,
                broadcast,
                key,
                RecordingState.PENDING,
                now.minusSeconds(60),
                now,
                now.minusSeconds(120),
                now,
                null));
        return broadcast;
    }

    /**
     * How many {@code live.recorded} events each broadcast has on the topic, read to the end offsets as they are now
     * (the watch returns after the broker acknowledged what it published).
     */
    private static Map<String, Integer> announcementsOf(List<String> broadcasts) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = kafka.partitionsFor(Topics.LIVE_RECORDED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> kafka.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                    String videoId =
                            JSON.readTree(record.value()).path("videoId").asString();
                    if (broadcasts.contains(videoId)) {
                        counts.merge(videoId, 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }
}
