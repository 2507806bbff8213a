package dev.vodflow.playback.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.vodflow.testsupport.MovableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieSignerTests {

    static final KeyPair OLD = TestSigningKeys.generate();
    static final KeyPair NEW = TestSigningKeys.generate();
    static final Instant NOW = Instant.parse("2026-11-22T10:00:10Z");

    final MovableClock clock = new MovableClock(NOW);

    @Test
    void signsACustomPolicyForTheVideoPrefixWithTheActiveKey() throws Exception {
        CookieSigner signer = signer("K2", 100);

        CookieSigner.SignedCookies cookies = signer.sign("A");

        String policy = new String(decode(cookies.policy()), StandardCharsets.UTF_8);
        assertThat(cookies.keyPairId()).isEqualTo("K2");
        assertThat(policy).contains("\"Resource\":\"https://cdn.vodflow.test/output/A/*\"");
        // 10:00:10 + 10 min rounded up to the minute.
        assertThat(cookies.expiresAt()).isEqualTo(Instant.parse("2026-11-22T10:11:00Z"));
        assertThat(policy).contains("\"AWS:EpochTime\":" + cookies.expiresAt().getEpochSecond());
        assertThat(verifies(NEW.getPublic(), decode(cookies.policy()), decode(cookies.signature())))
                .isTrue();
        assertThat(verifies(OLD.getPublic(), decode(cookies.policy()), decode(cookies.signature())))
                .isFalse();
    }

    @Test
    void sessionsInOneExpiryStepShareOneSignatureAndTheNextStepGetsANewOne() {
        CookieSigner signer = signer("K2", 100);

        CookieSigner.SignedCookies first = signer.sign("A");
        clock.set(NOW.plusSeconds(40));
        CookieSigner.SignedCookies sameStep = signer.sign("A");
        CookieSigner.SignedCookies otherVideo = signer.sign("B");
        clock.set(NOW.plusSeconds(55));
        CookieSigner.SignedCookies nextStep = signer.sign("A");

        assertThat(sameStep).isSameAs(first);
        assertThat(otherVideo.policy()).isNotEqualTo(first.policy());
        assertThat(nextStep.expiresAt()).isEqualTo(first.expiresAt().plusSeconds(60));
        assertThat(nextStep.signature()).isNotEqualTo(first.signature());
    }

    @Test
    void withoutTheCacheEverySessionIsSignedAgain() {
        CookieSigner signer = signer("K2", 0);

        CookieSigner.SignedCookies first = signer.sign("A");
        CookieSigner.SignedCookies second = signer.sign("A");

        assertThat(second).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void aRotatedOutKeyCanStillSignWhenAskedForByName() throws Exception {
        CookieSigner signer = signer("K2", 100);
        SigningKeys keys = new SigningKeys(properties("K2", 100).signing());

        CookieSigner.SignedCookies old = signer.sign("A", keys.key("K1"));

        assertThat(old.keyPairId()).isEqualTo("K1");
        assertThat(verifies(OLD.getPublic(), decode(old.policy()), decode(old.signature())))
                .isTrue();
    }

    @Test
    void activeKeyMustBeOneOfTheKeys() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SigningKeys(properties("K3", 100).signing()))
                .withMessageContaining("active-key-id K3 is not one of the configured keys [K1, K2]");
    }

    private CookieSigner signer(String active, long cacheSize) {
        PlaybackProperties properties = properties(active, cacheSize);
        return new CookieSigner(new SigningKeys(properties.signing()), properties, clock);
    }

    private static PlaybackProperties properties(String active, long cacheSize) {
        return PlaybackFixtures.properties(
                active,
                List.of(
                        PlaybackFixtures.fileKey("K1", TestSigningKeys.privateKeyFile(OLD)),
                        new PlaybackProperties.Key("K2", null, TestSigningKeys.pkcs1Pem(NEW))),
                cacheSize);
    }

    static byte[] decode(String cloudFrontBase64) {
        return Base64.getDecoder()
                .decode(cloudFrontBase64.replace('-', '+').replace('_', '=').replace('~', '/'));
    }

    static boolean verifies(PublicKey key, byte[] policy, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA1withRSA");
        verifier.initVerify(key);
        verifier.update(policy);
        return verifier.verify(signature);
    }
}
