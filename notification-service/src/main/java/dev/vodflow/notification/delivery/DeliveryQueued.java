package dev.vodflow.notification.delivery;

import java.util.UUID;

/** A delivery was queued; published inside the queuing transaction and heard once it commits. */
record DeliveryQueued(UUID webhookId) {}
