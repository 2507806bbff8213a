package dev.vodflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

class KafkaRecordVideoTests {

    @Test
    void aRecordsKeyIsTheVideoIdInTheLogsAndOnTheSpanWhileItIsHandled() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new KafkaRecordVideo());
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("video.uploaded", 0, 7L, "v-42".getBytes(StandardCharsets.UTF_8), new byte[0]);
        KafkaRecordReceiverContext context = new KafkaRecordReceiverContext(record, "listener", () -> "cluster");
        AtomicReference<String> logged = new AtomicReference<>();

        Observation.createNotStarted("test", () -> context, registry)
                .observe(() -> logged.set(MDC.get(VideoLogContext.KEY)));

        assertThat(logged).hasValue("v-42");
        assertThat(MDC.get(VideoLogContext.KEY)).isNull();
        assertThat(context.getHighCardinalityKeyValue(KafkaRecordVideo.SPAN_TAG))
                .isEqualTo(KeyValue.of("video.id", "v-42"));
    }

    @Test
    void aRecordWithoutKeyLeavesTheLogContextAlone() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new KafkaRecordVideo());
        ConsumerRecord<String, String> record = new ConsumerRecord<>("video.uploaded", 0, 7L, null, "{}");
        KafkaRecordReceiverContext context = new KafkaRecordReceiverContext(record, "listener", () -> "cluster");
        AtomicReference<String> logged = new AtomicReference<>("unset");

        Observation.createNotStarted("test", () -> context, registry)
                .observe(() -> logged.set(MDC.get(VideoLogContext.KEY)));

        assertThat(logged.get()).isNull();
        assertThat(context.getHighCardinalityKeyValue(KafkaRecordVideo.SPAN_TAG))
                .isNull();
    }
}
