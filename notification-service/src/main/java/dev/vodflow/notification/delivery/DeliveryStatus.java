package dev.vodflow.notification.delivery;

/** PENDING until an attempt succeeds or the endpoint is given up on (schedule used up, or 410 Gone). */
enum DeliveryStatus {
    PENDING,
    SUCCEEDED,
    FAILED
}
