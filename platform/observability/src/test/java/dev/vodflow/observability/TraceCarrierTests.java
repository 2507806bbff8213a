package dev.vodflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The carrier on the real OpenTelemetry bridge, as the services get it. */
class TraceCarrierTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withPropertyValues("spring.application.name=test-service", "vodflow.observability.kafka-groups=test")
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
    void aTraceCarriedInStringMetadataContinuesOnAnotherThreadWithTheSameTraceId() {
        context.run(app -> {
            Tracer tracer = app.getBean(Tracer.class);
            TraceCarrier carrier = app.getBean(TraceCarrier.class);
            Span submit = tracer.nextSpan().name("submit").start();
            Map<String, String> metadata;
            try (Tracer.SpanInScope scope = tracer.withSpan(submit)) {
                metadata = carrier.current();
            } finally {
                submit.end();
            }
            assertThat(metadata.get("traceparent")).contains(submit.context().traceId());

            String continued = CompletableFuture.supplyAsync(
                            () -> carrier.continueTrace(metadata, "job state", () -> tracer.currentSpan()
                                    .context()
                                    .traceId()))
                    .join();

            assertThat(continued).isEqualTo(submit.context().traceId());
        });
    }

    @Test
    void withoutATraceTheCarrierIsEmptyAndWorkStartsANewTrace() {
        context.run(app -> {
            TraceCarrier carrier = app.getBean(TraceCarrier.class);
            Tracer tracer = app.getBean(Tracer.class);
            assertThat(carrier.current()).isEmpty();
            String traceId = carrier.continueTrace(
                    Map.of(), "job state", () -> tracer.currentSpan().context().traceId());
            assertThat(traceId).hasSize(32);
        });
    }

    @Test
    void kafkaHealthAndLagAreThereForAServiceWithKafka() {
        context.run(app -> assertThat(app)
                .hasBean("kafkaHealthIndicator")
                .hasSingleBean(ConsumerLag.class)
                .doesNotHaveBean(SqsQueues.class));
    }
}
