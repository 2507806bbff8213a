package dev.vodflow.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries the current trace across a hop that has no tracing of its own (W3C {@code traceparent} in a string map,
 * such as MediaConvert job user metadata) and continues it on the other side.
 */
public final class TraceCarrier {

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceCarrier(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current trace context as headers ({@code traceparent}, ...); empty outside a trace. */
    public Map<String, String> current() {
        Map<String, String> headers = new LinkedHashMap<>();
        TraceContext context = tracer.currentTraceContext().context();
        if (context != null) {
            propagator.inject(context, headers, Map::put);
        }
        return headers;
    }

    /**
     * Runs {@code work} in a new span named {@code name}, a child of the trace in {@code headers} when they hold one
     * (else the root of a new trace).
     */
    public <T> T continueTrace(Map<String, String> headers, String name, Supplier<T> work) {
        Span span = (headers.containsKey("traceparent") ? propagator.extract(headers, Map::get) : tracer.spanBuilder())
                .name(name)
                .kind(Span.Kind.CONSUMER)
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
