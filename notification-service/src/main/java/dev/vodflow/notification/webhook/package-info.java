/** Webhook subscriptions: registration, secrets and their rotation, disabling an endpoint that fails. */
package dev.vodflow.notification.webhook;
