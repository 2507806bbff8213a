package dev.vodflow.notification.delivery;

import dev.vodflow.notification.egress.EgressClient;
import dev.vodflow.notification.egress.EgressRefused;
import dev.vodflow.notification.webhook.Webhooks;
import dev.vodflow.observability.TraceCarrier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);
    private static final int MAX_ERROR = 500;

    private final Deliveries deliveries;
    private final AttemptRecorder recorder;
    private final Webhooks webhooks;
    private final EgressClient client;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ObjectProvider<TraceCarrier> traces;

    DeliverySender(
            Deliveries deliveries,
            AttemptRecorder recorder,
            Webhooks webhooks,
            EgressClient client,
            DeliveryProperties properties,
            MeterRegistry meters,
            ObjectProvider<TraceCarrier> traces) {
        this.meters = meters;
        this.traces = traces;
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
     * Every attempt, the first or a retry hours later, is a span in the trace of the event being delivered, and the
     * request carries that trace's {@code traceparent} to the receiver.
     */
    void send(ClaimedDelivery delivery) {
        TraceCarrier carrier = traces.getIfAvailable();
        if (carrier == null) {
            attempt(delivery);
            return;
        }
        Map<String, String> trace =
                delivery.traceParent() == null ? Map.of() : Map.of("traceparent", delivery.traceParent());
        carrier.continueTrace(trace, "webhook delivery", () -> {
            attempt(delivery);
            return null;
        });
    }

    private void attempt(ClaimedDelivery delivery) {
        ClaimedDelivery.Endpoint webhook = delivery.endpoint();
        int number = delivery.attempts() + 1;
        Instant started = clock.instant();
        Map<String, String> headers = new LinkedHashMap<>();
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
            EgressClient.Response response = client.post(URI.create(webhook.url()), headers, delivery.payload());
            statusCode = response.status();
            body = response.bodyExcerpt();
            outcome = AttemptOutcome.ofStatus(statusCode);
            if (outcome == AttemptOutcome.FAILED && statusCode >= 300 && statusCode < 400) {
                error = "redirects are not followed";
            }
        } catch (EgressRefused e) {
            outcome = AttemptOutcome.REFUSED;
            error = e.getMessage();
        } catch (IOException | RuntimeException e) {
            outcome = AttemptOutcome.FAILED;
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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
     * {@code vodflow.webhook.deliveries{outcome}} counts attempts; {@code vodflow.webhook.delivery.delay} is how long a
     * delivered event took from the event's arrival to the receiver's 2xx, retries included.
     */
    private void record(ClaimedDelivery delivery, AttemptOutcome outcome, Instant finished) {
        Counter.builder("vodflow.webhook.deliveries")
                .description("Webhook delivery attempts, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
        if (outcome == AttemptOutcome.SUCCEEDED && delivery.createdAt() != null) {
            Duration delay = Duration.between(delivery.createdAt().toInstant(), finished);
            Timer.builder("vodflow.webhook.delivery.delay")
                    .description("Time from an event's arrival to its successful webhook delivery")
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
