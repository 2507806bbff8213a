package dev.vodflow.notification.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One endpoint an owner subscribed. {@code previousSecret} still signs until {@code previousSecretExpiresAt}, so a
 * receiver rotating its secret accepts every delivery during the switch.
 */
@Table("webhook")
public record Webhook(
        @Id UUID id,
        String ownerId,
        String url,
        List<String> eventTypes,
        String description,
        String secret,
        String previousSecret,
        Instant previousSecretExpiresAt,
        WebhookStatus status,
        String disabledReason,
        Instant disabledAt,
        Instant createdAt,
        @Version Long version) {

    public Webhook {
        eventTypes = List.copyOf(eventTypes);
    }

    static Webhook create(String ownerId, String url, List<String> eventTypes, String description, String secret) {
        return new Webhook(
                UUID.randomUUID(),
                ownerId,
                url,
                eventTypes,
                description,
                secret,
                null,
                null,
                WebhookStatus.ACTIVE,
                null,
                null,
                Instant.now(),
                null);
    }

    /** The secrets that sign a delivery made at {@code now}: the current one, then the previous one in its grace. */
    public List<String> signingSecrets(Instant now) {
        return signingSecrets(secret, previousSecret, previousSecretExpiresAt, now);
    }

    /** The secrets that sign a delivery made at {@code now}, from a webhook's columns (a claim reads them so). */
    public static List<String> signingSecrets(
            String secret, String previousSecret, Instant previousSecretExpiresAt, Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(secret);
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    public boolean active() {
        return status == WebhookStatus.ACTIVE;
    }

    Webhook rotated(String newSecret, Instant previousValidUntil) {
        return with(newSecret, secret, previousValidUntil, status, disabledReason, disabledAt);
    }

    Webhook disabled(String reason, Instant at) {
        return with(secret, previousSecret, previousSecretExpiresAt, WebhookStatus.DISABLED, reason, at);
    }

    Webhook enabled() {
        return with(secret, previousSecret, previousSecretExpiresAt, WebhookStatus.ACTIVE, null, null);
    }

    private Webhook with(
            String secret,
            String previousSecret,
            Instant previousSecretExpiresAt,
            WebhookStatus status,
            String disabledReason,
            Instant disabledAt) {
        return new Webhook(
                id,
                ownerId,
                url,
                eventTypes,
                description,
                secret,
                previousSecret,
                previousSecretExpiresAt,
                status,
                disabledReason,
                disabledAt,
                createdAt,
                version);
    }
}
