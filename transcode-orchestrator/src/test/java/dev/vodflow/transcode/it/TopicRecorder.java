package dev.vodflow.transcode.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads topics from the beginning in the background and keeps every record, as a downstream consumer sees them. */
final class TopicRecorder implements AutoCloseable {

    record Received(String topic, String key, String value, Map<String, String> headers) {}

    private final List<Received> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    TopicRecorder(String bootstrapServers, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-recorder-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        thread = new Thread(
                () -> {
                    try (consumer) {
                        consumer.subscribe(topics);
                        while (running) {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                                Map<String, String> headers = new HashMap<>();
                                for (Header h : r.headers()) {
                                    headers.put(
                                            h.key(),
                                            h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                                }
                                records.add(new Received(r.topic(), r.key(), r.value(), headers));
                            }
                        }
                    }
                },
                "it-topic-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    List<Received> of(String topic, String key) {
        return records.stream()
                .filter(r -> r.topic().equals(topic) && key.equals(r.key()))
                .toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
