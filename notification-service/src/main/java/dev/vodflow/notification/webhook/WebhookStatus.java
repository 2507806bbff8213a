package dev.vodflow.notification.webhook;

/** Whether an endpoint receives deliveries. A disabled one keeps its pending deliveries until it is enabled again. */
public enum WebhookStatus {
    ACTIVE,
    DISABLED
}
