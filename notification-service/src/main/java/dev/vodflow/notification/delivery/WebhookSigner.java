package dev.vodflow.notification.delivery;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks signatures with the reference library: {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}, one
 * per valid secret, space-separated (the current secret first, then a rotated-out one during its grace period).
 */
final class WebhookSigner {

    private WebhookSigner() {}

    static String sign(List<String> secrets, String messageId, long timestampSeconds, String body) {
        return secrets.stream()
                .map(secret -> signOne(secret, messageId, timestampSeconds, body))
                .collect(Collectors.joining(" "));
    }

    private static String signOne(String secret, String messageId, long timestampSeconds, String body) {
        try {
            return new Webhook(secret).sign(messageId, timestampSeconds, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
