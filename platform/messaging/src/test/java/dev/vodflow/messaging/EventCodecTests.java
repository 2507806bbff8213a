package dev.vodflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.events.LiveStarted;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.VodflowEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.json.JsonMapper;

class EventCodecTests {

    private final EventCodec codec = new EventCodec(JsonMapper.builder().build());

    private final VideoDeleted deleted =
            new VideoDeleted("evt-1", "video-1", "owner-1", Instant.parse("2026-11-30T10:15:30Z"));

    @Test
    void encodesBinaryModeCloudEventKeyedByVideoId() {
        EventCodec.Encoded encoded = codec.encode(deleted);

        assertThat(encoded.topic()).isEqualTo(Topics.VIDEO_DELETED);
        assertThat(encoded.key()).isEqualTo("video-1");
        assertThat(encoded.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", "evt-1")
                .containsEntry("ce_type", "dev.vodflow.video.deleted.v1")
                .containsEntry("ce_source", Topics.CATALOG_SERVICE)
                .containsEntry("ce_time", "2026-11-30T10:15:30Z")
                .containsEntry("ce_subject", "video-1")
                .containsEntry("content-type", "application/json");
        assertThat(new String(encoded.payload(), StandardCharsets.UTF_8)).contains("\"eventId\":\"evt-1\"");
    }

    @Test
    void decodesWhatItEncodes() {
        assertThat(codec.decode(received(deleted, m -> {}), VideoDeleted.class)).isEqualTo(deleted);
        assertThat(codec.decode(received(deleted, m -> {}))).isEqualTo(deleted);
    }

    @Test
    void acceptsKeysAndHeadersAsTextToo() {
        EventCodec.Encoded encoded = codec.encode(deleted);
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(encoded.payload())
                .setHeader(KafkaHeaders.RECEIVED_TOPIC, encoded.topic())
                .setHeader(KafkaHeaders.RECEIVED_KEY, encoded.key());
        encoded.headers().forEach(message::setHeader);

        assertThat(codec.decode(message.build(), VideoDeleted.class)).isEqualTo(deleted);
    }

    @Test
    void refusesAnotherServiceAsSource() {
        assertRefused(received(deleted, m -> m.setHeader("ce_source", bytes("/vodflow/upload-service"))), "ce_source")
                .hasMessageContaining("video.deleted-2@41")
                .hasMessageContaining("its owner is /vodflow/catalog-service");
    }

    @Test
    void refusesAnIdThatIsNotTheEventId() {
        assertRefused(received(deleted, m -> m.setHeader("ce_id", bytes("evt-2"))), "ce_id")
                .hasMessageContaining("evt-2");
    }

    @Test
    void refusesATypeThatDoesNotBelongOnTheTopic() {
        assertRefused(received(deleted, m -> m.setHeader("ce_type", bytes("dev.vodflow.video.updated.v1"))), "ce_type");
        assertRefused(received(deleted, m -> m.setHeader("ce_type", bytes("dev.vodflow.nope.v9"))), "ce_type");
    }

    @Test
    void refusesAnEventOfAnotherClassThanTheConsumerTakes() {
        assertThatThrownBy(() -> codec.decode(received(deleted, m -> {}), VideoUpdated.class))
                .isInstanceOf(UndecodableEvent.class)
                .hasMessageContaining("takes VideoUpdated");
    }

    @Test
    void refusesAKeyThatIsNotTheVideoId() {
        assertRefused(received(deleted, m -> m.setHeader(KafkaHeaders.RECEIVED_KEY, bytes("video-2"))), "key");
        assertRefused(received(deleted, m -> m.removeHeader(KafkaHeaders.RECEIVED_KEY)), "key");
    }

    @Test
    void refusesAnythingButJson() {
        assertRefused(received(deleted, m -> m.setHeader("content-type", bytes("text/plain"))), "content-type");
        assertRefused(received(deleted, m -> m.removeHeader("content-type")), "content-type");
        assertThat(codec.decode(
                        received(deleted, m -> m.setHeader("content-type", bytes("application/json; charset=utf-8"))),
                        VideoDeleted.class))
                .isEqualTo(deleted);
    }

    @Test
    void refusesAMissingOrMalformedEnvelope() {
        assertRefused(received(deleted, m -> m.removeHeader("ce_specversion")), "envelope");
        assertRefused(received(deleted, m -> m.setHeader("ce_time", bytes("yesterday"))), "envelope");
        assertRefused(received(deleted, m -> m.removeHeader("ce_id")), "envelope");
    }

    @Test
    void refusesABodyThatIsNotTheEvent() {
        assertRefused(withPayload(deleted, "{not json"), "body");
        assertRefused(withPayload(deleted, ""), "body");
        // eventId is required by the record: the body is not a valid event without it
        assertRefused(
                withPayload(
                        deleted, "{\"videoId\":\"video-1\",\"ownerId\":\"o\",\"occurredAt\":\"2026-11-30T10:15:30Z\"}"),
                "body");
    }

    @Test
    void refusesATopicThatCarriesNoEvents() {
        assertRefused(received(deleted, m -> m.setHeader(KafkaHeaders.RECEIVED_TOPIC, "video.deleted.x.dlt")), "topic");
    }

    @Test
    void liveEventsAreKeyedByTheirBroadcastsVideoIdAndOwnedByTheLiveService() {
        LiveStarted started = new LiveStarted(
                "evt-9",
                "video-9",
                "owner-1",
                Instant.parse("2026-11-30T10:15:30Z"),
                "channel-1",
                "Show",
                "live/x.m3u8");

        assertThat(codec.encode(started).key()).isEqualTo("video-9");
        assertThat(codec.encode(started).headers()).containsEntry("ce_source", Topics.LIVE_SERVICE);
        assertThat(codec.decode(received(started, m -> {}), LiveStarted.class)).isEqualTo(started);
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            Message<byte[]> message, String check) {
        return assertThatThrownBy(() -> codec.decode(message, VodflowEvent.class))
                .isInstanceOfSatisfying(
                        UndecodableEvent.class, e -> assertThat(e.check()).isEqualTo(check))
                .hasMessageContaining(check + " check failed");
    }

    private Message<byte[]> withPayload(VodflowEvent event, String payload) {
        Message<byte[]> message = received(event, m -> {});
        return MessageBuilder.withPayload(payload.getBytes(StandardCharsets.UTF_8))
                .copyHeaders(message.getHeaders())
                .build();
    }

    /** The event as the binder hands it to a consumer: Kafka headers as bytes, position headers set. */
    private Message<byte[]> received(VodflowEvent event, Consumer<MessageBuilder<byte[]>> change) {
        EventCodec.Encoded encoded = codec.encode(event);
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(encoded.payload())
                .setHeader(KafkaHeaders.RECEIVED_TOPIC, encoded.topic())
                .setHeader(KafkaHeaders.RECEIVED_PARTITION, 2)
                .setHeader(KafkaHeaders.OFFSET, 41L)
                .setHeader(KafkaHeaders.RECEIVED_KEY, bytes(encoded.key()));
        encoded.headers().forEach((name, value) -> message.setHeader(name, bytes(value)));
        change.accept(message);
        return message.build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
