package dev.vodflow.notification.delivery;

import dev.vodflow.notification.egress.EgressClient;
import dev.vodflow.notification.egress.EgressRefused;
import dev.vodflow.notification.webhook.Webhooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes one attempt at a claimed delivery and decides what follows: 2xx ends it; 410 disables the endpoint; anything
 * else is retried on the schedule, and when the schedule is used up the endpoint is disabled and its owner told.
 */
@Component
class DeliverySender {

    static final String SPAN = "webhook post";

    private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);
    private static final int MAX_ERROR = 500;

    private final Deliveries deliveries;
    private final AttemptRecorder recorder;
    private final Webhooks webhooks;
    private final EgressClient client;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final Map<AttemptOutcome, Counter> attempts = new EnumMap<>(AttemptOutcome.class);
    private final Timer delays;
    private final Tracer tracer;
    private final Propagator propagator;

    DeliverySender(
            Deliveries deliveries,
            AttemptRecorder recorder,
            Webhooks webhooks,
            EgressClient client,
            DeliveryProperties properties,
            MeterRegistry meters,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            attempts.put(
                    outcome,
                    Counter.builder("vodflow.webhook.deliveries")
                            .description("Webhook delivery attempts, by outcome")
                            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                            .register(meters));
        }
        this.delays = Timer.builder("vodflow.webhook.delivery.delay")
                .description("Time from an event's arrival to its successful webhook delivery")
                .publishPercentileHistogram()
                .register(meters);
        this.tracer = tracer.getIfAvailable();
        this.propagator = propagator.getIfAvailable();
        this.deliveries = deliveries;
        this.recorder = recorder;
        this.webhooks = webhooks;
        this.client = client;
        this.schedule =
                new RetrySchedule(properties.retrySchedule(), properties.jitter(), () -> ThreadLocalRandom.current()
                        .nextDouble());
        this.clock = Clock.systemUTC();
    }

    /**
     * Every attempt, the first or a retry hours later, is one client span ({@value #SPAN}) in the trace of the event
     * being delivered, and the request carries that span's {@code traceparent} to the receiver. That span is the only
     * one an attempt makes: the HTTP client has no observation of its own (see {@link EgressClient}).
     */
    void send(ClaimedDelivery delivery) {
        if (tracer == null || propagator == null) {
            attempt(delivery, null, new LinkedHashMap<>());
            return;
        }
        Span.Builder builder = delivery.traceParent() == null
                ? tracer.spanBuilder()
                : propagator.extract(Map.of("traceparent", delivery.traceParent()), Map::get);
        Span span = builder.name(SPAN).kind(Span.Kind.CLIENT).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            Map<String, String> headers = new LinkedHashMap<>();
            propagator.inject(span.context(), headers, Map::put);
            attempt(delivery, span, headers);
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** {@code span}, when tracing is on, is the attempt's client span; {@code headers} already hold its context. */
    private void attempt(ClaimedDelivery delivery, Span span, Map<String, String> headers) {
        ClaimedDelivery.Endpoint webhook = delivery.endpoint();
        int number = delivery.attempts() + 1;
        Instant started = clock.instant();
        if (span != null) {
            span.tag("http.request.method", "POST");
            span.tag("webhook.attempt", Integer.toString(number));
        }
        headers.put("webhook-id", delivery.messageId());
        headers.put("webhook-timestamp", Long.toString(started.getEpochSecond()));
        headers.put(
                "webhook-signature",
                WebhookSigner.sign(
                        webhook.signingSecrets(started),
                        delivery.messageId(),
                        started.getEpochSecond(),
                        delivery.payload()));

        AttemptOutcome outcome;
        Integer statusCode = null;
        String error = null;
        String body = null;
        try {
            URI url = URI.create(webhook.url());
            if (span != null && url.getHost() != null) {
                span.tag("server.address", url.getHost());
            }
            EgressClient.Response response = client.post(url, headers, delivery.payload());
            statusCode = response.status();
            body = response.bodyExcerpt();
            outcome = AttemptOutcome.ofStatus(statusCode);
            if (outcome == AttemptOutcome.FAILED && statusCode >= 300 && statusCode < 400) {
                error = "redirects are not followed";
            }
        } catch (EgressRefused e) {
            outcome = AttemptOutcome.REFUSED;
            error = e.getMessage();
            if (span != null) {
                span.error(e);
            }
        } catch (IOException | RuntimeException e) {
            outcome = AttemptOutcome.FAILED;
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (span != null) {
                span.error(e);
            }
        }
        if (span != null) {
            tag(span, outcome, statusCode, error);
        }
        Instant finished = clock.instant();
        Deliveries.Attempt attempt = new Deliveries.Attempt(
                number,
                started,
                Duration.between(started, finished).toMillis(),
                outcome,
                statusCode,
                truncate(error),
                body);

        switch (outcome) {
            case SUCCEEDED ->
                recorder.record(new Deliveries.Outcome(delivery, attempt, DeliveryStatus.SUCCEEDED, null));
            case GONE -> {
                deliveries.recordAttempts(
                        List.of(new Deliveries.Outcome(delivery, attempt, DeliveryStatus.FAILED, null)));
                webhooks.disable(delivery.webhookId(), "the endpoint answered 410 Gone");
            }
            case FAILED, REFUSED -> {
                Optional<Duration> retryIn = schedule.delayAfter(number);
                if (retryIn.isPresent()) {
                    recorder.record(new Deliveries.Outcome(
                            delivery, attempt, DeliveryStatus.PENDING, finished.plus(retryIn.get())));
                } else {
                    deliveries.recordAttempts(
                            List.of(new Deliveries.Outcome(delivery, attempt, DeliveryStatus.FAILED, null)));
                    webhooks.disable(
                            delivery.webhookId(),
                            "delivery " + delivery.messageId() + " failed on every attempt of the retry schedule ("
                                    + number + " attempts); last error: "
                                    + (error != null ? error : "HTTP " + statusCode));
                }
            }
        }
        record(delivery, outcome, finished);
        log.debug("Delivery {} attempt {} to webhook {}: {}", delivery.id(), number, delivery.webhookId(), outcome);
    }

    /**
     * The attempt's result on its span: the status code when the endpoint answered, and when the attempt failed
     * {@code error.type}: the status code of an answer that is not 2xx (as OpenTelemetry's HTTP conventions have it),
     * else the kind of failure (the exception itself is on the span too, recorded where it was caught).
     */
    private static void tag(Span span, AttemptOutcome outcome, Integer statusCode, String error) {
        span.tag("webhook.outcome", outcome.name().toLowerCase(Locale.ROOT));
        if (statusCode != null) {
            span.tag("http.response.status_code", Integer.toString(statusCode));
        }
        if (outcome != AttemptOutcome.SUCCEEDED) {
            span.tag("error.type", statusCode != null ? Integer.toString(statusCode) : errorType(outcome, error));
        }
    }

    private static String errorType(AttemptOutcome outcome, String error) {
        if (outcome == AttemptOutcome.REFUSED) {
            return "refused";
        }
        int colon = error == null ? -1 : error.indexOf(':');
        return error == null ? "_OTHER" : colon < 0 ? error : error.substring(0, colon);
    }

    /**
     * {@code vodflow.webhook.deliveries{outcome}} counts attempts; {@code vodflow.webhook.delivery.delay} is how long a
     * delivered event took from the event's arrival to the receiver's 2xx, retries included. Registered once (every
     * outcome from the start, at 0), not looked up by name and tags on every attempt.
     */
    private void record(ClaimedDelivery delivery, AttemptOutcome outcome, Instant finished) {
        attempts.get(outcome).increment();
        if (outcome == AttemptOutcome.SUCCEEDED && delivery.createdAt() != null) {
            Duration delay = Duration.between(delivery.createdAt().toInstant(), finished);
            delays.record(delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
