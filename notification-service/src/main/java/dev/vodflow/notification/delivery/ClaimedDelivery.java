package dev.vodflow.notification.delivery;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A due delivery this instance reserved until {@code leaseUntil}. */
record ClaimedDelivery(
        UUID id,
        UUID webhookId,
        String messageId,
        String eventType,
        String payload,
        int attempts,
        OffsetDateTime leaseUntil,
        OffsetDateTime createdAt) {}
