package dev.vodflow.playback.session;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RSA private keys from PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}) and PKCS#1 ({@code BEGIN RSA PRIVATE KEY},
 * what {@code openssl genrsa} and the CloudFront documentation produce).
 */
final class PemPrivateKeys {

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PRIVATE KEY-----");

    // The DER prefix that wraps a PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo: version 0 and the
    // rsaEncryption algorithm identifier, followed by an OCTET STRING holding the PKCS#1 structure.
    private static final byte[] RSA_ALGORITHM = {
        0x02,
        0x01,
        0x00,
        0x30,
        0x0d,
        0x06,
        0x09,
        0x2a,
        (byte) 0x86,
        0x48,
        (byte) 0x86,
        (byte) 0xf7,
        0x0d,
        0x01,
        0x01,
        0x01,
        0x05,
        0x00
    };

    private PemPrivateKeys() {}

    static PrivateKey parse(String pem) {
        Matcher matcher = PEM.matcher(pem.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "not a PEM RSA private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
        byte[] pkcs8 = matcher.group(1) == null ? der : wrapPkcs1(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage(), e);
        }
    }

    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] octetString = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(RSA_ALGORITHM, octetString);
        return concat(new byte[] {0x30}, length(body.length), body);
    }

    private static byte[] length(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        byte[] value = BigInteger.valueOf(length).toByteArray();
        int start = value[0] == 0 ? 1 : 0;
        byte[] encoded = new byte[value.length - start + 1];
        encoded[0] = (byte) (0x80 | (value.length - start));
        System.arraycopy(value, start, encoded, 1, value.length - start);
        return encoded;
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] result = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, result, at, part.length);
            at += part.length;
        }
        return result;
    }
}
