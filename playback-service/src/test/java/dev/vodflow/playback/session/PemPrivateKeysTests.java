package dev.vodflow.playback.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class PemPrivateKeysTests {

    static final KeyPair PAIR = TestSigningKeys.generate();

    @Test
    void readsPkcs8AndTraditionalRsaPem() {
        assertThat(PemPrivateKeys.parse(TestSigningKeys.pkcs8Pem(PAIR))).isEqualTo(PAIR.getPrivate());
        assertThat(PemPrivateKeys.parse(TestSigningKeys.pkcs1Pem(PAIR))).isEqualTo(PAIR.getPrivate());
    }

    @Test
    void refusesSomethingThatIsNotAPrivateKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PemPrivateKeys.parse("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .withMessageContaining("not a PEM RSA private key");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PemPrivateKeys.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .withMessageContaining("not an RSA private key");
    }
}
