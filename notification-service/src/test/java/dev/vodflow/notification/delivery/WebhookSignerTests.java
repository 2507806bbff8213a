package dev.vodflow.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.notification.SpecVerifier;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void everySecretSignsAsTheJdkComputesItByHand() {
        Random random = new Random(21);
        for (int keyLength : new int[] {24, 32, 48, 64}) {
            String secret = secret(random, keyLength);
            String id = "msg_" + keyLength;
            String body = "{\"title\": \"Grüße \\u00e9 " + keyLength + "\"}";
            assertThat(WebhookSigner.sign(List.of(secret), id, SPEC_TIMESTAMP + keyLength, body))
                    .as("key of %d bytes", keyLength)
                    .isEqualTo("v1,"
                            + SpecVerifier.expectedSignature(
                                    secret, id, Long.toString(SPEC_TIMESTAMP + keyLength), body));
        }
    }

    @Test
    void aSecretWithoutThePrefixIsReadAsTheReferenceLibraryReadsIt() throws Exception {
        String bare = SPEC_SECRET.substring("whsec_".length());
        assertThat(WebhookSigner.sign(List.of(bare), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo(SPEC_SIGNATURE)
                .isEqualTo(new com.standardwebhooks.Webhook(bare).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
    }

    /**
     * Each thread keeps one Mac and re-keys it per signature: threads signing for different secrets at once, each
     * switching between secrets, must never sign with another thread's key or with the key of its previous call.
     */
    @Test
    void threadsSigningForDifferentSecretsAtOnceEachGetTheirOwnSignatures() throws Exception {
        Random random = new Random(7);
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            secrets.add(secret(random, 32));
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<String>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        String secret = secrets.get((thread + i) % secrets.size());
                        String id = "msg_" + thread + "_" + i;
                        String body = "{\"n\":" + i + "}";
                        String signed = WebhookSigner.sign(List.of(secret), id, SPEC_TIMESTAMP, body);
                        String expected =
                                "v1," + SpecVerifier.expectedSignature(secret, id, Long.toString(SPEC_TIMESTAMP), body);
                        if (!signed.equals(expected)) {
                            mismatches.add(id + ": " + signed + " != " + expected);
                        }
                    }
                    return mismatches;
                });
            }
            List<String> mismatches = new ArrayList<>();
            for (Future<List<String>> result : pool.invokeAll(work)) {
                mismatches.addAll(result.get());
            }
            assertThat(mismatches).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    private static String secret(Random random, int keyLength) {
        byte[] key = new byte[keyLength];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
