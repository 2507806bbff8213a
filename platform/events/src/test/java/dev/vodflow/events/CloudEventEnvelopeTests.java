package dev.vodflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventEnvelopeTests {

    @Test
    void envelopeCarriesTheEventsIdTypeAndTime() {
        VideoUploaded event = EventFixtures.uploaded();
        Map<String, String> headers =
                CloudEventEnvelope.of(event, "/vodflow/upload-service").toHeaders();

        assertThat(headers)
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", event.eventId())
                .containsEntry("ce_type", "dev.vodflow.video.uploaded.v1")
                .containsEntry("ce_source", "/vodflow/upload-service")
                .containsEntry("ce_time", "2026-11-22T10:15:30.123Z")
                .containsEntry("ce_subject", event.videoId())
                .containsEntry("content-type", "application/json");
    }

    @Test
    void headersReadBackToTheSameEnvelope() {
        CloudEventEnvelope envelope = CloudEventEnvelope.of(EventFixtures.completed(), "/vodflow/transcode");
        assertThat(CloudEventEnvelope.fromHeaders(envelope.toHeaders())).isEqualTo(envelope);
        assertThat(envelope.eventType()).isEqualTo(EventType.TRANSCODE_COMPLETED);
    }

    @Test
    void recordWithoutCloudEventsHeadersIsRefusedWithTheHeaderName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CloudEventEnvelope.fromHeaders(Map.of("content-type", "application/json")))
                .withMessageContaining("ce_specversion");
    }

    @Test
    void malformedTimeIsRefusedWithTheValue() {
        Map<String, String> headers = new HashMap<>(
                CloudEventEnvelope.of(EventFixtures.progress(), "/x").toHeaders());
        headers.put("ce_time", "yesterday");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CloudEventEnvelope.fromHeaders(headers))
                .withMessageContaining("ce_time")
                .withMessageContaining("yesterday");
    }

    @Test
    void missingIdIsRefused() {
        Map<String, String> headers = new HashMap<>(
                CloudEventEnvelope.of(EventFixtures.progress(), "/x").toHeaders());
        headers.remove("ce_id");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CloudEventEnvelope.fromHeaders(headers))
                .withMessageContaining("ce_id");
    }

    @Test
    void unknownTypeIsRefusedWithTheType() {
        CloudEventEnvelope envelope = new CloudEventEnvelope(
                "1",
                "dev.vodflow.video.exploded.v9",
                "/x",
                EventFixtures.progress().occurredAt(),
                null);
        assertThatIllegalArgumentException()
                .isThrownBy(envelope::eventType)
                .withMessageContaining("dev.vodflow.video.exploded.v9");
    }

    @Test
    void everyEventTypeHasItsTopicAndSchema() {
        for (EventType type : EventType.values()) {
            assertThat(type.type()).startsWith("dev.vodflow.").endsWith(".v1");
            assertThat(EventType.class.getResource(type.schemaResource()))
                    .as(type.name())
                    .isNotNull();
        }
        assertThat(EventType.VIDEO_UPLOADED.topic()).isEqualTo("video.uploaded");
        assertThat(EventType.TRANSCODE_FAILED.topic()).isEqualTo("transcode.failed");
    }
}
