package dev.vodflow.notification.webhook;

import java.time.Instant;
import java.util.UUID;

/** Published (in the disabling transaction) when an endpoint is switched off, for whoever must hear of it. */
public record WebhookDisabled(UUID webhookId, String ownerId, String url, String reason, Instant disabledAt) {}
