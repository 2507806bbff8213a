package dev.vodflow.observability;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Every vodflow record is keyed by its video id: while a consumer handles one, the id is in the MDC (so each log line
 * about the video carries it) and on the record's span ({@code video.id}), without any listener knowing.
 */
class KafkaRecordVideo implements ObservationHandler<KafkaRecordReceiverContext> {

    static final String SPAN_TAG = "video.id";

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof KafkaRecordReceiverContext;
    }

    @Override
    public void onStart(KafkaRecordReceiverContext context) {
        String videoId = videoId(context);
        if (videoId != null) {
            context.addHighCardinalityKeyValue(KeyValue.of(SPAN_TAG, videoId));
        }
    }

    @Override
    public void onScopeOpened(KafkaRecordReceiverContext context) {
        String videoId = videoId(context);
        if (videoId != null) {
            MDC.put(VideoLogContext.KEY, videoId);
        }
    }

    @Override
    public void onScopeClosed(KafkaRecordReceiverContext context) {
        MDC.remove(VideoLogContext.KEY);
    }

    static String videoId(KafkaRecordReceiverContext context) {
        ConsumerRecord<?, ?> record = context.getRecord();
        Object key = record == null ? null : record.key();
        if (key instanceof byte[] bytes) {
            return bytes.length == 0 ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return key == null || key.toString().isBlank() ? null : key.toString();
    }
}
