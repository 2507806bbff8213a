package dev.vodflow.localaws.cloudfront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.localaws.cloudfront.SignedRequestVerifier.Credentials;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

/** Signatures made by the AWS SDK's signer, checked by the edge's verifier. */
class SignedRequestVerifierTests {

    static final String CDN = "http://localhost:8443";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final KeyPair KEY_1 = TestKeys.generate();
    static final KeyPair KEY_2 = TestKeys.generate();
    static final InetAddress VIEWER = InetAddress.getLoopbackAddress();

    final CloudFrontUtilities signer = CloudFrontUtilities.create();
    final SignedRequestVerifier verifier = new SignedRequestVerifier(
            Map.of("K1", KEY_1.getPublic(), "K2", KEY_2.getPublic()), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void cookiesForOneVideoOpenItsFilesOnly() {
        Credentials cookies = cookies("K1", KEY_1, CDN + "/output/A/*", NOW.plusSeconds(600), null);

        assertThat(verifier.verify(CDN + "/output/A/hls/master.m3u8", cookies, VIEWER))
                .isNull();
        assertThat(verifier.verify(CDN + "/output/A/hls/720p/segment_00001.ts", cookies, VIEWER))
                .isNull();
        assertThat(verifier.verify(CDN + "/output/B/hls/master.m3u8", cookies, VIEWER))
                .isEqualTo(Denial.RESOURCE_MISMATCH);
        assertThat(verifier.verify("http://other.example/output/A/hls/master.m3u8", cookies, VIEWER))
                .isEqualTo(Denial.RESOURCE_MISMATCH);
    }

    @Test
    void expiredAndNotYetValidCookiesAreRefused() {
        Credentials expired = cookies("K1", KEY_1, CDN + "/output/A/*", NOW, null);
        Credentials early = cookies("K1", KEY_1, CDN + "/output/A/*", NOW.plusSeconds(600), NOW.plusSeconds(60));

        assertThat(verifier.verify(CDN + "/output/A/x.ts", expired, VIEWER)).isEqualTo(Denial.EXPIRED);
        assertThat(verifier.verify(CDN + "/output/A/x.ts", early, VIEWER)).isEqualTo(Denial.NOT_YET_VALID);
    }

    @Test
    void tamperedPolicyOrSignatureIsRefused() {
        Credentials genuine = cookies("K1", KEY_1, CDN + "/output/A/*", NOW.plusSeconds(600), null);
        String policy = new String(CloudFrontBase64.decode(genuine.policy()), StandardCharsets.UTF_8);
        String widened = CloudFrontBase64.encode(
                policy.replace("/output/A/*", "/output/*").getBytes(StandardCharsets.UTF_8));
        Credentials tamperedPolicy = new Credentials("K1", widened, null, genuine.signature(), null);
        // A character in the middle: the last ones may carry only padding bits, which decode to the same bytes.
        char middle = genuine.signature().charAt(100);
        String flipped = genuine.signature().substring(0, 100)
                + (middle == 'A' ? 'B' : 'A')
                + genuine.signature().substring(101);
        Credentials tamperedSignature = new Credentials("K1", genuine.policy(), null, flipped, null);

        assertThat(verifier.verify(CDN + "/output/B/x.ts", tamperedPolicy, VIEWER))
                .isEqualTo(Denial.BAD_SIGNATURE);
        assertThat(verifier.verify(CDN + "/output/A/x.ts", tamperedSignature, VIEWER))
                .isEqualTo(Denial.BAD_SIGNATURE);
    }

    @Test
    void signatureFromAnotherKeyOfTheGroupIsRefused() {
        Credentials signedWithKey2 = cookies("K2", KEY_2, CDN + "/output/A/*", NOW.plusSeconds(600), null);
        Credentials claimsKey1 = new Credentials("K1", signedWithKey2.policy(), null, signedWithKey2.signature(), null);

        assertThat(verifier.verify(CDN + "/output/A/x.ts", signedWithKey2, VIEWER))
                .isNull();
        assertThat(verifier.verify(CDN + "/output/A/x.ts", claimsKey1, VIEWER)).isEqualTo(Denial.BAD_SIGNATURE);
    }

    @Test
    void unknownOrMissingKeyPairIdIsRefused() {
        KeyPair stranger = TestKeys.generate();
        Credentials unknown = cookies("K9", stranger, CDN + "/output/A/*", NOW.plusSeconds(600), null);

        assertThat(verifier.verify(CDN + "/output/A/x.ts", unknown, VIEWER)).isEqualTo(Denial.UNKNOWN_KEY);
        assertThat(verifier.verify(CDN + "/output/A/x.ts", new Credentials(null, null, null, null, null), VIEWER))
                .isEqualTo(Denial.MISSING_KEY);
    }

    @Test
    void cannedSignedUrlCoversExactlyItsUrlIncludingOtherQueryParameters() {
        String signed = signer.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(CDN + "/output/A/mp4/720.mp4?dl=1")
                        .privateKey(KEY_1.getPrivate())
                        .keyPairId("K1")
                        .expirationDate(NOW.plusSeconds(600)))
                .url();
        URI uri = URI.create(signed);
        EdgeHandler.SignedUrl parsed =
                EdgeHandler.SignedUrl.parse(uri.getAuthority(), uri.getRawPath(), uri.getRawQuery());
        EdgeHandler.SignedUrl otherQuery = EdgeHandler.SignedUrl.parse(
                uri.getAuthority(), uri.getRawPath(), uri.getRawQuery().replace("dl=1", "dl=2"));

        assertThat(parsed.url()).isEqualTo(CDN + "/output/A/mp4/720.mp4?dl=1");
        assertThat(verifier.verify(parsed.url(), Credentials.fromQuery(parsed.signingParameters()), VIEWER))
                .isNull();
        assertThat(verifier.verify(otherQuery.url(), Credentials.fromQuery(otherQuery.signingParameters()), VIEWER))
                .isEqualTo(Denial.BAD_SIGNATURE);
    }

    @Test
    void customSignedUrlChecksTheSourceIpRange() throws Exception {
        String signed = signer.getSignedUrlWithCustomPolicy(r -> r.resourceUrl(CDN + "/output/A/hls/master.m3u8")
                        .resourceUrlPattern(CDN + "/output/A/*")
                        .privateKey(KEY_1.getPrivate())
                        .keyPairId("K1")
                        .ipRange("192.0.2.0/24")
                        .expirationDate(NOW.plusSeconds(600)))
                .url();
        URI uri = URI.create(signed);
        EdgeHandler.SignedUrl parsed =
                EdgeHandler.SignedUrl.parse(uri.getAuthority(), uri.getRawPath(), uri.getRawQuery());
        Credentials credentials = Credentials.fromQuery(parsed.signingParameters());

        assertThat(verifier.verify(parsed.url(), credentials, InetAddress.getByName("192.0.2.77")))
                .isNull();
        assertThat(verifier.verify(parsed.url(), credentials, InetAddress.getByName("198.51.100.1")))
                .isEqualTo(Denial.SOURCE_IP_MISMATCH);
    }

    @Test
    void questionMarkWildcardMatchesExactlyOneCharacter() throws Exception {
        Credentials credentials = custom(
                "K1",
                KEY_1,
                "{\"Statement\":[{\"Resource\":\"" + CDN + "/output/A/hls/seg_?.ts\",\"Condition\":"
                        + "{\"DateLessThan\":{\"AWS:EpochTime\":"
                        + NOW.plusSeconds(60).getEpochSecond() + "}}}]}",
                "SHA1withRSA",
                null);

        assertThat(verifier.verify(CDN + "/output/A/hls/seg_1.ts", credentials, VIEWER))
                .isNull();
        assertThat(verifier.verify(CDN + "/output/A/hls/seg_12.ts", credentials, VIEWER))
                .isEqualTo(Denial.RESOURCE_MISMATCH);
        assertThat(verifier.verify(CDN + "/output/A/hls/seg_.ts", credentials, VIEWER))
                .isEqualTo(Denial.RESOURCE_MISMATCH);
    }

    @Test
    void sha256SignatureNeedsTheHashAlgorithmFlag() throws Exception {
        String policy = "{\"Statement\":[{\"Resource\":\"" + CDN + "/output/A/*\",\"Condition\":"
                + "{\"DateLessThan\":{\"AWS:EpochTime\":" + NOW.plusSeconds(60).getEpochSecond() + "}}}]}";
        Credentials sha256 = custom("K1", KEY_1, policy, "SHA256withRSA", "SHA256");
        Credentials unflagged = new Credentials("K1", sha256.policy(), null, sha256.signature(), null);
        Credentials bogus = new Credentials("K1", sha256.policy(), null, sha256.signature(), "MD5");

        assertThat(verifier.verify(CDN + "/output/A/x.ts", sha256, VIEWER)).isNull();
        assertThat(verifier.verify(CDN + "/output/A/x.ts", unflagged, VIEWER)).isEqualTo(Denial.BAD_SIGNATURE);
        assertThat(verifier.verify(CDN + "/output/A/x.ts", bogus, VIEWER)).isEqualTo(Denial.INVALID_HASH_ALGORITHM);
    }

    @Test
    void policyInStandardBase64OrWithUnknownConditionIsMalformed() throws Exception {
        Credentials genuine = cookies("K1", KEY_1, CDN + "/output/A/*", NOW.plusSeconds(600), null);
        String standard = genuine.policy().replace('-', '+').replace('~', '/').replace('_', '=');
        String unknownCondition = "{\"Statement\":[{\"Resource\":\"" + CDN + "/output/A/*\",\"Condition\":"
                + "{\"DateLessThan\":{\"AWS:EpochTime\":" + NOW.plusSeconds(60).getEpochSecond()
                + "},\"StringLike\":{\"AWS:Referer\":\"*\"}}}]}";

        if (!standard.equals(genuine.policy())) {
            assertThat(verifier.verify(
                            CDN + "/output/A/x.ts",
                            new Credentials("K1", standard, null, genuine.signature(), null),
                            VIEWER))
                    .isEqualTo(Denial.MALFORMED_POLICY);
        }
        assertThat(verifier.verify(
                        CDN + "/output/A/x.ts", custom("K1", KEY_1, unknownCondition, "SHA1withRSA", null), VIEWER))
                .isEqualTo(Denial.MALFORMED_POLICY);
        assertThat(verifier.verify(
                        CDN + "/output/A/x.ts", new Credentials("K1", "e30_", null, genuine.signature(), null), VIEWER))
                .isEqualTo(Denial.MALFORMED_POLICY);
    }

    @Test
    void cloudFrontBase64UsesDashUnderscoreAndTilde() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xfe};
        assertThat(CloudFrontBase64.encode(bytes)).isEqualTo("-~~-");
        assertThat(CloudFrontBase64.encode(new byte[] {1})).isEqualTo("AQ__");
        assertThat(CloudFrontBase64.decode("-~~-")).containsExactly(bytes);
    }

    private Credentials cookies(String keyId, KeyPair key, String resource, Instant expires, Instant active) {
        CookiesForCustomPolicy cookies = signer.getCookiesForCustomPolicy(r -> {
            r.resourceUrl(resource)
                    .privateKey(key.getPrivate())
                    .keyPairId(keyId)
                    .expirationDate(expires);
            if (active != null) {
                r.activeDate(active);
            }
        });
        return new Credentials(
                value(cookies.keyPairIdHeaderValue()),
                value(cookies.policyHeaderValue()),
                null,
                value(cookies.signatureHeaderValue()),
                null);
    }

    private static Credentials custom(String keyId, KeyPair key, String policy, String algorithm, String flag)
            throws Exception {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key.getPrivate());
        byte[] bytes = policy.getBytes(StandardCharsets.UTF_8);
        signature.update(bytes);
        return new Credentials(
                keyId, CloudFrontBase64.encode(bytes), null, CloudFrontBase64.encode(signature.sign()), flag);
    }

    private static String value(String headerValue) {
        return headerValue.substring(headerValue.indexOf('=') + 1);
    }
}
