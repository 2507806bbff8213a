package dev.vodflow.playback.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** CloudFront key pairs made at test time and written to temporary PEM files: no private key is committed. */
public final class TestSigningKeys {

    private TestSigningKeys() {}

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pkcs8Pem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** The traditional {@code BEGIN RSA PRIVATE KEY} form: the PKCS#1 structure inside the PKCS#8 encoding. */
    public static String pkcs1Pem(KeyPair pair) {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        // PrivateKeyInfo of a 2048-bit key: 4-byte sequence header, 3-byte version, 15-byte algorithm,
        // 4-byte octet-string header, then the RSAPrivateKey.
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length));
    }

    /** Writes the private key to a temporary file deleted when the JVM exits. */
    public static Path privateKeyFile(KeyPair pair) {
        try {
            Path file = Files.createTempFile("cloudfront-", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, pkcs8Pem(pair), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
