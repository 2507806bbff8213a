package dev.vodflow.notification.delivery;

import dev.vodflow.notification.webhook.Webhook;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A due delivery this instance reserved until {@code leaseUntil}; {@code traceParent} is the trace of the event it
 * delivers (null for deliveries queued untraced).
 */
record ClaimedDelivery(
        UUID id,
        UUID webhookId,
        String messageId,
        String eventType,
        String payload,
        int attempts,
        OffsetDateTime leaseUntil,
        OffsetDateTime createdAt,
        String traceParent,
        Endpoint endpoint) {

    /**
     * The webhook's URL and signing secrets when the delivery was claimed. {@code previousSecret} still signs until
     * {@code previousSecretExpiresAt}, as for {@link Webhook#signingSecrets}.
     */
    record Endpoint(String url, String secret, String previousSecret, Instant previousSecretExpiresAt) {

        List<String> signingSecrets(Instant now) {
            return Webhook.signingSecrets(secret, previousSecret, previousSecretExpiresAt, now);
        }
    }
}
