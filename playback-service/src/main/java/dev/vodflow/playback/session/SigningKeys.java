package dev.vodflow.playback.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configured key group with private keys loaded and checked at start-up, so a bad key fails fast. */
final class SigningKeys {

    private final Map<String, PrivateKey> keys;
    private final Map<String, PublicKey> publicKeys;
    private final SigningKey active;

    SigningKeys(PlaybackProperties.Signing signing) {
        Map<String, PrivateKey> loaded = new LinkedHashMap<>();
        for (PlaybackProperties.Key key : signing.keys()) {
            if (loaded.put(key.id(), load(key)) != null) {
                throw new IllegalArgumentException(
                        "vodflow.playback.signing.keys: key id " + key.id() + " is listed twice");
            }
        }
        PrivateKey activeKey = loaded.get(signing.activeKeyId());
        if (activeKey == null) {
            throw new IllegalArgumentException("vodflow.playback.signing.active-key-id " + signing.activeKeyId()
                    + " is not one of the configured keys " + loaded.keySet());
        }
        this.keys = Map.copyOf(loaded);
        Map<String, PublicKey> publics = new LinkedHashMap<>();
        loaded.forEach((id, key) -> publics.put(id, publicKeyOf(id, key)));
        this.publicKeys = Map.copyOf(publics);
        this.active = new SigningKey(signing.activeKeyId(), activeKey);
    }

    SigningKey active() {
        return active;
    }

    SigningKey key(String id) {
        PrivateKey key = keys.get(id);
        if (key == null) {
            throw new IllegalArgumentException("no signing key " + id);
        }
        return new SigningKey(id, key);
    }

    /**
     * The public half of a key of the group, to check cookies this service signed when a session is renewed; empty
     * for a key id that is not (or no longer) in the group.
     */
    Optional<PublicKey> publicKey(String id) {
        return Optional.ofNullable(publicKeys.get(id));
    }

    private static PublicKey publicKeyOf(String id, PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("vodflow.playback.signing.keys[" + id
                    + "]: the key holds no public exponent; give the full RSA private key (PKCS#1 or PKCS#8)");
        }
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("vodflow.playback.signing.keys[" + id + "]: " + e.getMessage(), e);
        }
    }

    private static PrivateKey load(PlaybackProperties.Key key) {
        String pem;
        if (key.privateKeyFile() != null) {
            try {
                pem = Files.readString(key.privateKeyFile());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "vodflow.playback.signing.keys[" + key.id() + "].private-key-file cannot be read", e);
            }
        } else {
            pem = key.privateKeyPem();
        }
        try {
            return PemPrivateKeys.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vodflow.playback.signing.keys[" + key.id() + "]: " + e.getMessage(), e);
        }
    }

    /** A key pair id of the key group and its private key. */
    record SigningKey(String id, PrivateKey privateKey) {

        @Override
        public String toString() {
            return "SigningKey[" + id + "]";
        }
    }
}
