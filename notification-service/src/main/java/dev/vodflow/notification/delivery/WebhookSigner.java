package dev.vodflow.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}, one per valid secret,
 * space-separated (the current secret first, then a rotated-out one during its grace period). A secret is base64
 * after an optional {@code whsec_} prefix, as the reference library reads it.
 *
 * <p>Written against the JDK rather than through the reference library, whose {@code sign} looks up a new
 * {@link Mac} ({@code Mac.getInstance}: a provider search and a new engine) and formats the content with
 * {@code String.format} on every call: on the delivery workers that was a visible share of each attempt's CPU. Here
 * each thread keeps one {@code Mac} and keys it per signature ({@code init} resets it, so a key never leaks from one
 * signature into the next); the content is fed in pieces, with no concatenated copy. {@code WebhookSignerTests} holds
 * it to the specification's test vector, to an independent JDK computation for several secrets and to concurrent use.
 */
final class WebhookSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "whsec_";
    private static final byte[] DOT = {'.'};

    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(ALGORITHM + " is always available", e);
        }
    });

    private WebhookSigner() {}

    static String sign(List<String> secrets, String messageId, long timestampSeconds, String body) {
        if (secrets.size() == 1) {
            return signOne(secrets.get(0), messageId, timestampSeconds, body);
        }
        StringBuilder header = new StringBuilder();
        for (String secret : secrets) {
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append(signOne(secret, messageId, timestampSeconds, body));
        }
        return header.toString();
    }

    private static String signOne(String secret, String messageId, long timestampSeconds, String body) {
        Mac mac = MACS.get();
        try {
            mac.init(new SecretKeySpec(key(secret), ALGORITHM));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not a usable webhook secret", e);
        }
        mac.update(messageId.getBytes(StandardCharsets.UTF_8));
        mac.update(DOT);
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        mac.update(DOT);
        mac.update(body.getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
    }

    private static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
    }
}
