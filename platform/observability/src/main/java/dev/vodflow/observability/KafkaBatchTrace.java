package dev.vodflow.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * A batch listener gets no observation per record, so its records would leave their traces. This marks each record's
 * arrival in its own trace with a consumer span ({@code <topic> receive}, tagged with the video id of its key): an
 * upload's trace then shows every service that received its events, batch consumers included.
 */
class KafkaBatchTrace implements BatchInterceptor<Object, Object> {

    private static final String[] TRACE_HEADERS = {"traceparent", "tracestate"};

    private final Propagator propagator;

    KafkaBatchTrace(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(
            ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        for (ConsumerRecord<Object, Object> record : records) {
            Map<String, String> trace = traceHeaders(record);
            if (trace.containsKey("traceparent")) {
                Span span = propagator
                        .extract(trace, Map::get)
                        .name(record.topic() + " receive")
                        .kind(Span.Kind.CONSUMER)
                        .tag("messaging.system", "kafka")
                        .tag("messaging.destination.name", record.topic())
                        .start();
                String videoId = key(record);
                if (videoId != null) {
                    span.tag(KafkaRecordVideo.SPAN_TAG, videoId);
                }
                span.end();
            }
        }
        return records;
    }

    static Map<String, String> traceHeaders(ConsumerRecord<?, ?> record) {
        Map<String, String> trace = new HashMap<>();
        for (String name : TRACE_HEADERS) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                trace.put(name, new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return trace;
    }

    private static String key(ConsumerRecord<?, ?> record) {
        Object key = record.key();
        if (key instanceof byte[] bytes) {
            return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
        }
        return key == null ? null : key.toString();
    }
}
