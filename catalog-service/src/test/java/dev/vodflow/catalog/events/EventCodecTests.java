package dev.vodflow.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.catalog.video.VideoFixtures;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventCodecTests {

    private final EventCodec codec = new EventCodec(JsonMapper.builder().build());
    private final VideoFixtures video = VideoFixtures.video("v1", "alice");

    @Test
    void encodedEventIsACloudEventKeyedByVideoThatDecodesBackEqual() {
        VideoUpdated event = video.updated("Title", Visibility.PUBLIC, 10);

        ProducerRecord<String, byte[]> record = codec.encode(event);

        assertThat(record.topic()).isEqualTo(Topics.VIDEO_UPDATED);
        assertThat(record.key()).isEqualTo("v1");
        assertThat(header(record, "ce_type")).isEqualTo("dev.vodflow.video.updated.v1");
        assertThat(header(record, "ce_source")).isEqualTo("/vodflow/catalog-service");
        assertThat(codec.decode(consumed(record, record.topic()))).isEqualTo(event);
    }

    @Test
    void eventOnTheWrongTopicIsRefused() {
        ProducerRecord<String, byte[]> record = codec.encode(video.progress(10));

        assertThatThrownBy(() -> codec.decode(consumed(record, Topics.VIDEO_UPLOADED)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("does not belong on topic video.uploaded");
    }

    @Test
    void bodyThatIsNotTheEventIsRefusedWithTheReason() {
        ProducerRecord<String, byte[]> good = codec.encode(video.progress(10));
        ProducerRecord<String, byte[]> bad = new ProducerRecord<>(
                good.topic(),
                null,
                good.key(),
                "{\"videoId\":\"v1\"}".getBytes(StandardCharsets.UTF_8),
                good.headers());

        assertThatThrownBy(() -> codec.decode(consumed(bad, bad.topic())))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not a valid dev.vodflow.transcode.progress.v1");
    }

    @Test
    void recordWithoutCloudEventHeadersIsRefused() {
        ConsumerRecord<String, byte[]> bare =
                new ConsumerRecord<>(Topics.VIDEO_UPLOADED, 0, 0, "v1", "{}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decode(bare)).hasMessageContaining("not a CloudEvents 1.0 record");
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent, String topic) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 0, sent.key(), sent.value());
        for (Header header : sent.headers()) {
            record.headers().add(header);
        }
        return record;
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
