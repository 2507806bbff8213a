/** Webhook deliveries: the outbox of messages, the retry schedule, the bounded workers that send them, the log. */
package dev.vodflow.notification.delivery;
