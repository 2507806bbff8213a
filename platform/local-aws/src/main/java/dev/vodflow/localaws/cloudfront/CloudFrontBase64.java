package dev.vodflow.localaws.cloudfront;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * CloudFront's URL-safe variant of base64: {@code +} becomes {@code -}, {@code =} becomes {@code _} and {@code /}
 * becomes {@code ~}. It is not RFC 4648 base64url: a value using {@code /} or {@code +} is refused, as CloudFront
 * would not decode it either.
 */
final class CloudFrontBase64 {

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9~_-]+");

    private CloudFrontBase64() {}

    static String encode(byte[] bytes) {
        return Base64.getEncoder()
                .encodeToString(bytes)
                .replace('+', '-')
                .replace('=', '_')
                .replace('/', '~');
    }

    /** The decoded bytes; throws {@link IllegalArgumentException} for anything outside the alphabet or not base64. */
    static byte[] decode(String value) {
        if (value == null || !ALPHABET.matcher(value).matches()) {
            throw new IllegalArgumentException("not CloudFront base64");
        }
        return Base64.getDecoder()
                .decode(value.replace('-', '+').replace('_', '=').replace('~', '/'));
    }
}
