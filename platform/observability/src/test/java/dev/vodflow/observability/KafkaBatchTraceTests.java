package dev.vodflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A batch consumer's records join their traces, on the real OpenTelemetry bridge. */
class KafkaBatchTraceTests {

    static final List<ReadableSpan> ended = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withPropertyValues(
                    "spring.application.name=catalog-test",
                    "vodflow.observability.refresh=1h",
                    "management.tracing.sampling.probability=1.0")
            .withUserConfiguration(RecordedSpans.class)
            .withConfiguration(AutoConfigurations.of(
                    org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration.class,
                    org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure
                            .OpenTelemetryTracingAutoConfiguration.class,
                    org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration.class,
                    org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
                    org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration
                            .class,
                    ObservabilityAutoConfiguration.class));

    @Test
    void eachRecordOfABatchGetsAReceiveSpanInTheTraceItCarries() {
        context.run(app -> {
            ended.clear();
            Tracer tracer = app.getBean(Tracer.class);
            TraceCarrier carrier = app.getBean(TraceCarrier.class);
            Span published = tracer.nextSpan().name("publish").start();
            Map<String, String> headers;
            try (Tracer.SpanInScope scope = tracer.withSpan(published)) {
                headers = carrier.current();
            } finally {
                published.end();
            }
            ConsumerRecord<Object, Object> traced = new ConsumerRecord<>(
                    "transcode.completed", 0, 1L, "v-7".getBytes(StandardCharsets.UTF_8), new byte[0]);
            traced.headers().add("traceparent", headers.get("traceparent").getBytes(StandardCharsets.UTF_8));
            ConsumerRecord<Object, Object> untraced = new ConsumerRecord<>("transcode.completed", 0, 2L, "v-8", "{}");
            assertThat(ended).as("the recorder sees spans").isNotEmpty();
            ConsumerRecords<Object, Object> batch = new ConsumerRecords<>(
                    Map.of(new TopicPartition("transcode.completed", 0), List.of(traced, untraced)), Map.of());

            ended.clear();
            app.getBean(KafkaBatchTrace.class).intercept(batch, null);

            assertThat(ended).singleElement().satisfies(span -> {
                assertThat(span.getName()).isEqualTo("transcode.completed receive");
                assertThat(span.getSpanContext().getTraceId())
                        .isEqualTo(published.context().traceId());
                assertThat(span.getParentSpanContext().getSpanId())
                        .isEqualTo(published.context().spanId());
                assertThat(span.toSpanData().getAttributes().asMap().toString()).contains("video.id=v-7");
            });
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordedSpans {
        @Bean
        SdkTracerProviderBuilderCustomizer recordedSpans() {
            return builder -> builder.addSpanProcessor(recorder());
        }

        private static SpanProcessor recorder() {
            return new SpanProcessor() {
                @Override
                public void onStart(Context parentContext, ReadWriteSpan span) {}

                @Override
                public boolean isStartRequired() {
                    return false;
                }

                @Override
                public void onEnd(ReadableSpan span) {
                    ended.add(span);
                }

                @Override
                public boolean isEndRequired() {
                    return true;
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
        }
    }
}
