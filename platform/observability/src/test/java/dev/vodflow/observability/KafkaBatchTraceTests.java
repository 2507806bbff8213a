package dev.vodflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

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
            SPANS.reset();
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
            assertThat(SPANS.getFinishedSpanItems())
                    .as("the exporter sees spans")
                    .isNotEmpty();
            ConsumerRecords<Object, Object> batch = new ConsumerRecords<>(
                    Map.of(new TopicPartition("transcode.completed", 0), List.of(traced, untraced)), Map.of());

            SPANS.reset();
            app.getBean(KafkaBatchTrace.class).intercept(batch, null);

            assertThat(SPANS.getFinishedSpanItems()).singleElement().satisfies(span -> {
                assertThat(span.getName()).isEqualTo("transcode.completed receive");
                assertThat(span.getTraceId()).isEqualTo(published.context().traceId());
                assertThat(span.getParentSpanId()).isEqualTo(published.context().spanId());
                assertThat(span.getAttributes().asMap().toString()).contains("video.id=v-7");
            });
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordedSpans {
        @Bean
        SdkTracerProviderBuilderCustomizer recordedSpans() {
            return builder -> builder.addSpanProcessor(SimpleSpanProcessor.create(SPANS));
        }
    }
}
