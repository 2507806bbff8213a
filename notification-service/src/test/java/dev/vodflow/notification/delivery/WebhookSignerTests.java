package dev.vodflow.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.notification.SpecVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTests {

    // The example from the Standard Webhooks specification (and the reference libraries' tests).
    static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SPEC_TIMESTAMP = 1614265330L;
    static final String SPEC_BODY = "{\"test\": 2432232314}";
    static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsThePublishedTestVector() {
        assertThat(WebhookSigner.sign(List.of(SPEC_SECRET), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void independentVerifierAgreesWithThePublishedTestVector() {
        assertThat(SpecVerifier.verifies(SPEC_SECRET, SPEC_ID, "1614265330", SPEC_BODY, SPEC_SIGNATURE))
                .isTrue();
        assertThat(SpecVerifier.verifies(SPEC_SECRET, SPEC_ID, "1614265331", SPEC_BODY, SPEC_SIGNATURE))
                .isFalse();
    }

    @Test
    void duringRotationBothSecretsSignSpaceSeparated() {
        String current = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String header = WebhookSigner.sign(List.of(current, SPEC_SECRET), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);

        assertThat(header.split(" ")).hasSize(2).allSatisfy(part -> assertThat(part)
                .startsWith("v1,"));
        assertThat(SpecVerifier.verifies(current, SPEC_ID, "1614265330", SPEC_BODY, header))
                .isTrue();
        assertThat(SpecVerifier.verifies(SPEC_SECRET, SPEC_ID, "1614265330", SPEC_BODY, header))
                .isTrue();
        assertThat(header.split(" ")[1]).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void aChangedBodyNoLongerVerifies() {
        String header = WebhookSigner.sign(List.of(SPEC_SECRET), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);
        assertThat(SpecVerifier.verifies(SPEC_SECRET, SPEC_ID, "1614265330", "{\"test\": 2432232315}", header))
                .isFalse();
    }
}
