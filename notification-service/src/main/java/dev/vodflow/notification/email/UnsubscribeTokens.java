package dev.vodflow.notification.email;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token in every mail's unsubscribe link: who it is for, signed with HMAC-SHA256, so the link works without a
 * login and nobody can unsubscribe someone else. It does not expire (a mail read a year later must still work);
 * rotating the secret voids all links.
 */
final class UnsubscribeTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Who a link unsubscribes: a user from mail about their videos, or an operator address from operator mail. */
    sealed interface Recipient permits User, Operator {}

    record User(String ownerId) implements Recipient {}

    record Operator(String address) implements Recipient {}

    private final SecretKeySpec key;
    private final URI unsubscribeUrl;

    UnsubscribeTokens(String secret, URI unsubscribeUrl) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.unsubscribeUrl = unsubscribeUrl;
    }

    String token(Recipient recipient) {
        // Java 17 baseline: no pattern switch.
        String subject = recipient instanceof User user
                ? "user:" + user.ownerId()
                : "operator:" + ((Operator) recipient).address();
        byte[] bytes = subject.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    String link(Recipient recipient) {
        return unsubscribeUrl + "?token=" + URLEncoder.encode(token(recipient), StandardCharsets.UTF_8);
    }

    /** Empty for anything not signed with the current secret, or not a token at all. */
    Optional<Recipient> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] subject;
        byte[] signature;
        try {
            subject = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(subject), signature)) {
            return Optional.empty();
        }
        String text = new String(subject, StandardCharsets.UTF_8);
        if (text.startsWith("user:")) {
            return Optional.of(new User(text.substring("user:".length())));
        }
        if (text.startsWith("operator:")) {
            return Optional.of(new Operator(text.substring("operator:".length())));
        }
        return Optional.empty();
    }

    private byte[] mac(byte[] subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(subject);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
