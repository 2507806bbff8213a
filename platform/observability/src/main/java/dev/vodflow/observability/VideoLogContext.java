package dev.vodflow.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;

/**
 * Puts a video's id on every log line written while it is being handled ({@code videoId} in the MDC, which the
 * structured formats write as a field) and on the current span, so a video's logs and traces can be found by its id.
 */
public final class VideoLogContext {

    public static final String KEY = "videoId";

    private VideoLogContext() {}

    /** Until the returned scope is closed; closing restores whatever video the thread was on before. */
    public static Scope of(String videoId) {
        return of(videoId, null);
    }

    /** As {@link #of(String)}, also tagging the tracer's current span (if any) with the id. */
    public static Scope of(String videoId, Tracer tracer) {
        String previous = MDC.get(KEY);
        if (videoId == null || videoId.isBlank()) {
            return () -> {};
        }
        MDC.put(KEY, videoId);
        if (tracer != null) {
            Span span = tracer.currentSpan();
            if (span != null) {
                span.tag("video.id", videoId);
            }
        }
        return () -> {
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        };
    }

    /** A scope that does not throw on close. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
