package dev.vodflow.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks verifier written from the specification with nothing but the JDK, independent of the library
 * the service signs with: the secret is base64 after {@code whsec_}; the signed content is
 * {@code id.timestamp.body}; the header holds space-separated {@code v1,<base64>} entries, any one of which may match.
 */
public final class SpecVerifier {

    private SpecVerifier() {}

    public static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader) {
        String expected = expectedSignature(secret, id, timestamp, body);
        for (String entry : signatureHeader.split(" ")) {
            if (entry.startsWith("v1,")
                    && MessageDigest.isEqual(
                            entry.substring(3).getBytes(StandardCharsets.US_ASCII),
                            expected.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    public static String expectedSignature(String secret, String id, String timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
