package dev.vodflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.EventIds;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoUploaded;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(LocalInfrastructureExtension.class)
class KafkaCloudEventsIntegrationTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void cloudEventProducedInBinaryModeIsConsumedBackWithTheSameIdAndPayload(LocalInfrastructure infra)
            throws Exception {
        String videoId = UUID.randomUUID().toString();
        String key = "input/" + videoId + "/source";
        VideoUploaded event = new VideoUploaded(
                EventIds.videoUploaded("vodflow-media", key, "abc"),
                videoId,
                "alice",
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "A title",
                "clip.mp4",
                "video/mp4",
                "vodflow-media",
                key,
                1234,
                "abc",
                VideoUploaded.Origin.API);
        String topic = Topics.VIDEO_UPLOADED + ".it-" + UUID.randomUUID();

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record =
                    new ProducerRecord<>(topic, videoId, json.writeValueAsString(event));
            CloudEventEnvelope.of(event, "/vodflow/test").toHeaders().forEach((name, value) -> record.headers()
                    .add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecord<String, String> received = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    received = r;
                }
            }
            assertThat(received).as("record on " + topic).isNotNull();

            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : received.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            CloudEventEnvelope envelope = CloudEventEnvelope.fromHeaders(headers);
            assertThat(envelope.id()).isEqualTo(event.eventId());
            assertThat(envelope.type()).isEqualTo("dev.vodflow.video.uploaded.v1");
            assertThat(received.key()).isEqualTo(videoId);
            assertThat(json.readValue(received.value(), VideoUploaded.class)).isEqualTo(event);
        }
    }
}
