package dev.vodflow.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker restart the fault-injection suite does: clients that knew the broker carry on after it, nothing lost. */
class LocalKafkaRestartIntegrationTests {

    @TempDir
    Path data;

    @Test
    void aProducerAndAConsumerCarryOnAcrossABrokerRestartWithNothingLost() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(data, 0);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                60_000,
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                120_000),
                        new StringSerializer(),
                        new StringSerializer())) {
            send(producer, "before");

            kafka.stop();
            // Sent while the broker is down: the producer holds it and delivers it once the broker is back. The send
            // runs on a thread of its own, as in a service: once the producer has found every broker gone it may
            // have dropped its metadata (it bootstraps again), and then send() itself blocks until a broker answers.
            var whileDown = CompletableFuture.supplyAsync(
                    () -> producer.send(new ProducerRecord<>("restarts", "k", "while down")));
            kafka.start();
            whileDown.get(120, TimeUnit.SECONDS).get(120, TimeUnit.SECONDS);
            send(producer, "after");

            assertThat(readAll(kafka.bootstrapServers())).containsExactly("before", "while down", "after");
        }

        // and the log directory is the broker's state: a new broker on it finds the records
        try (LocalKafka again = LocalKafka.start(data, 0)) {
            assertThat(readAll(again.bootstrapServers())).containsExactly("before", "while down", "after");
        }
    }

    private static void send(KafkaProducer<String, String> producer, String value)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        producer.send(new ProducerRecord<>("restarts", "k", value)).get(60, TimeUnit.SECONDS);
    }

    private static List<String> readAll(String bootstrapServers) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("restarts"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
