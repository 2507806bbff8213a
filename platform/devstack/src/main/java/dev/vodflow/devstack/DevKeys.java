package dev.vodflow.devstack;

import dev.vodflow.localaws.cloudfront.CloudFrontEdgeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;

/**
 * The dev stack's CloudFront key pair: made on first run and kept in the data directory (never in the
 * repository), so cookies signed before a restart still verify after it.
 */
final class DevKeys {

    static final String KEY_PAIR_ID = "KDEVSTACK0000001";

    private final Path privateKeyFile;
    private final PublicKey publicKey;

    private DevKeys(Path privateKeyFile, PublicKey publicKey) {
        this.privateKeyFile = privateKeyFile;
        this.publicKey = publicKey;
    }

    static DevKeys loadOrCreate(Path directory) throws Exception {
        Files.createDirectories(directory);
        Path privateKey = directory.resolve("cloudfront-" + KEY_PAIR_ID + ".pem");
        Path publicKey = directory.resolve("cloudfront-" + KEY_PAIR_ID + ".pub.pem");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            write(publicKey, "PUBLIC KEY", keys.getPublic().getEncoded());
            write(privateKey, "PRIVATE KEY", keys.getPrivate().getEncoded());
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        }
        return new DevKeys(privateKey, CloudFrontEdgeConfig.publicKeyFromPem(Files.readString(publicKey)));
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    Path privateKeyFile() {
        return privateKeyFile;
    }

    PublicKey publicKey() {
        return publicKey;
    }
}
