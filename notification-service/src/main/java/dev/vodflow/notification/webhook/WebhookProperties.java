package dev.vodflow.notification.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxPerOwner how many endpoints one owner may register
 * @param secretRotationGrace how long a rotated-out secret still signs deliveries, so receivers can switch over
 */
@ConfigurationProperties("vodflow.notification.webhooks")
public record WebhookProperties(Integer maxPerOwner, Duration secretRotationGrace) {

    public WebhookProperties {
        maxPerOwner = maxPerOwner == null ? 20 : maxPerOwner;
        secretRotationGrace = secretRotationGrace == null ? Duration.ofHours(24) : secretRotationGrace;
        if (maxPerOwner < 1) {
            throw new IllegalArgumentException(
                    "vodflow.notification.webhooks.max-per-owner must be at least 1, was " + maxPerOwner);
        }
        if (secretRotationGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "vodflow.notification.webhooks.secret-rotation-grace must not be negative, was "
                            + secretRotationGrace);
        }
    }
}
