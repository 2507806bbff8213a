package dev.vodflow.notification.delivery;

import java.time.OffsetDateTime;
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
        String traceParent) {}
