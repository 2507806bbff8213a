package dev.vodflow.playback.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks that presented CloudFront cookies are ones this service signed for a given resource and that they still
 * work, as CloudFront itself would: a key of the key group, an RSA-SHA1 signature over the policy bytes, the policy's
 * resource and its {@code DateLessThan}. A session is renewed only on that proof, so renewal needs no new entitlement
 * round-trip for a video anyone signed in may watch.
 */
final class CookieVerifier {

    private final SigningKeys keys;
    private final JsonMapper json;
    private final Clock clock;

    CookieVerifier(SigningKeys keys, JsonMapper json, Clock clock) {
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Why the cookies do not prove a live session on {@code resource}, in words a client developer can act on; empty
     * when they do.
     */
    Optional<String> refusal(String resource, String policy, String signature, String keyPairId) {
        Optional<PublicKey> key = keys.publicKey(keyPairId);
        if (key.isEmpty()) {
            return Optional.of("CloudFront-Key-Pair-Id " + keyPairId
                    + " is not a key of the current key group (rotated out?): start a new session");
        }
        byte[] policyBytes;
        byte[] signatureBytes;
        try {
            policyBytes = decode(policy);
            signatureBytes = decode(signature);
        } catch (IllegalArgumentException e) {
            return Optional.of("CloudFront-Policy and CloudFront-Signature must be the values the session returned"
                    + " (CloudFront's URL-safe Base64)");
        }
        if (!signedBy(key.get(), policyBytes, signatureBytes)) {
            return Optional.of("CloudFront-Signature does not match CloudFront-Policy for key " + keyPairId);
        }
        JsonNode statement;
        try {
            statement = json.readTree(new String(policyBytes, StandardCharsets.UTF_8))
                    .path("Statement")
                    .path(0);
        } catch (JacksonException e) {
            return Optional.of("CloudFront-Policy is not a policy this service signed");
        }
        String covered = statement.path("Resource").asString("");
        if (!covered.equals(resource)) {
            return Optional.of("the cookies open " + covered + ", not " + resource);
        }
        long expiresAt = statement
                .path("Condition")
                .path("DateLessThan")
                .path("AWS:EpochTime")
                .asLong(0);
        if (expiresAt * 1000 <= clock.millis()) {
            return Optional.of("the session expired at " + Instant.ofEpochSecond(expiresAt)
                    + "; renew before it expires, or start a new session");
        }
        return Optional.empty();
    }

    private static boolean signedBy(PublicKey key, byte[] policy, byte[] signature) {
        try {
            Signature rsa = Signature.getInstance("SHA1withRSA");
            rsa.initVerify(key);
            rsa.update(policy);
            return rsa.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** CloudFront's cookie alphabet: Base64 with {@code -} for {@code +}, {@code _} for {@code =}, {@code ~} for {@code /}. */
    private static byte[] decode(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return Base64.getDecoder()
                .decode(value.replace('-', '+').replace('_', '=').replace('~', '/'));
    }
}
