package dev.vodflow.notification.webhook;

/** Whether an endpoint receives deliveries. A disabled one keeps its pending deliveries until it is enabled again. */
enum WebhookStatus {
    ACTIVE,
    DISABLED
}
