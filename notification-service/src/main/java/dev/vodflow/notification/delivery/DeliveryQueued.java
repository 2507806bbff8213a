package dev.vodflow.notification.delivery;

/** Deliveries were queued; published inside the queuing transaction and heard once it commits. */
record DeliveryQueued() {}
