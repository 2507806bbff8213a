package dev.vodflow.notification.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.events.CloudEventEnvelope;
import dev.vodflow.events.TranscodeProgress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IncomingEventsTests {

    final JsonMapper json = JsonMapper.builder().build();
    final IncomingEvents incoming = new IncomingEvents(json);
    final TranscodeProgress progress = new TranscodeProgress(
            "5f1c7a36-2b1e-4e6a-8a51-1f0d5e7c9a02",
            "video-1",
            "alice",
            Instant.parse("2026-11-22T10:16:02Z"),
            "job-1",
            42,
            "TRANSCODING");

    Map<String, Object> headers(TranscodeProgress event) {
        Map<String, Object> headers = new HashMap<>();
        CloudEventEnvelope.of(event, "/vodflow/transcode-orchestrator")
                .toHeaders()
                .forEach((name, value) -> headers.put(name, value.getBytes(StandardCharsets.UTF_8)));
        headers.put("kafka_receivedTopic", "transcode.progress");
        return headers;
    }

    @Test
    void readsACloudEventsBinaryModeRecord() {
        assertThat(incoming.read(headers(progress), json.writeValueAsBytes(progress)))
                .isEqualTo(progress);
    }

    @Test
    void refusesARecordWithoutCloudEventsHeaders() {
        assertThatThrownBy(() -> incoming.read(Map.of(), json.writeValueAsBytes(progress)))
                .isInstanceOf(RejectedEvent.class)
                .hasMessageContaining("ce_specversion");
    }

    @Test
    void refusesAnUnknownType() {
        Map<String, Object> headers = headers(progress);
        headers.put("ce_type", "dev.vodflow.video.exploded.v1".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> incoming.read(headers, json.writeValueAsBytes(progress)))
                .isInstanceOf(RejectedEvent.class)
                .hasMessageContaining("unknown event type");
    }

    @Test
    void refusesAMalformedOrInvalidBody() {
        assertThatThrownBy(() -> incoming.read(headers(progress), "{\"videoId\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RejectedEvent.class)
                .hasMessageContaining("malformed body");
        String outOfRange = json.writeValueAsString(progress).replace("\"percent\":42", "\"percent\":420");
        assertThatThrownBy(() -> incoming.read(headers(progress), outOfRange.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RejectedEvent.class)
                .hasMessageContaining("percent");
    }

    @Test
    void refusesABodyThatIsNotTheEventTheHeadersAnnounce() {
        Map<String, Object> headers = headers(progress);
        headers.put("ce_id", "another-id".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> incoming.read(headers, json.writeValueAsBytes(progress)))
                .isInstanceOf(RejectedEvent.class)
                .hasMessageContaining("does not match");
    }
}
