package dev.vodflow.localaws.cloudfront;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Map;

/**
 * Decides whether a request carries a valid CloudFront signature, from its query (signed URL) or, when the query
 * has no signing parameter, from its cookies (signed cookies), in the order CloudFront documents: signer, policy,
 * signature, then the policy's conditions.
 */
final class SignedRequestVerifier {

    private final Map<String, PublicKey> keys;
    private final Clock clock;

    SignedRequestVerifier(Map<String, PublicKey> keys, Clock clock) {
        this.keys = Map.copyOf(keys);
        this.clock = clock;
    }

    /**
     * @param url the URL as the viewer asked for it, minus the signing query parameters (what the policy's resource
     *     is matched against and what a canned policy names)
     * @param credentials the signing values found in the query or the cookies
     * @return why the request is refused, or {@code null} when it may be served
     */
    Denial verify(String url, Credentials credentials, InetAddress viewer) {
        if (isBlank(credentials.keyPairId())) {
            return Denial.MISSING_KEY;
        }
        PublicKey key = keys.get(credentials.keyPairId());
        if (key == null) {
            return Denial.UNKNOWN_KEY;
        }
        String algorithm;
        if (credentials.hashAlgorithm() == null || "SHA1".equals(credentials.hashAlgorithm())) {
            algorithm = "SHA1withRSA";
        } else if ("SHA256".equals(credentials.hashAlgorithm())) {
            algorithm = "SHA256withRSA";
        } else {
            return Denial.INVALID_HASH_ALGORITHM;
        }
        byte[] signed;
        Policy policy;
        if (!isBlank(credentials.policy())) {
            try {
                signed = CloudFrontBase64.decode(credentials.policy());
                policy = Policy.parseCustom(signed);
            } catch (IllegalArgumentException e) {
                return Denial.MALFORMED_POLICY;
            }
        } else if (!isBlank(credentials.expires())) {
            long expires;
            try {
                expires = Long.parseLong(credentials.expires());
            } catch (NumberFormatException e) {
                return Denial.MALFORMED_POLICY;
            }
            signed = Policy.canned(url, expires).getBytes(StandardCharsets.UTF_8);
            policy = new Policy(url, expires, null, null);
        } else {
            return Denial.MISSING_POLICY;
        }
        if (isBlank(credentials.signature())) {
            return Denial.MISSING_SIGNATURE;
        }
        if (!signatureMatches(algorithm, key, signed, credentials.signature())) {
            return Denial.BAD_SIGNATURE;
        }
        return policy.check(url, clock.instant(), viewer);
    }

    private static boolean signatureMatches(String algorithm, PublicKey key, byte[] signed, String signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(CloudFrontBase64.decode(signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The signing values of one request, each {@code null} when absent. */
    record Credentials(String keyPairId, String policy, String expires, String signature, String hashAlgorithm) {

        static final String URL_KEY_PAIR_ID = "Key-Pair-Id";
        static final String URL_POLICY = "Policy";
        static final String URL_EXPIRES = "Expires";
        static final String URL_SIGNATURE = "Signature";
        static final String URL_HASH_ALGORITHM = "Hash-Algorithm";

        static boolean isSigningParameter(String name) {
            return URL_KEY_PAIR_ID.equals(name)
                    || URL_POLICY.equals(name)
                    || URL_EXPIRES.equals(name)
                    || URL_SIGNATURE.equals(name)
                    || URL_HASH_ALGORITHM.equals(name);
        }

        static Credentials fromQuery(Map<String, String> signingParameters) {
            return new Credentials(
                    signingParameters.get(URL_KEY_PAIR_ID),
                    signingParameters.get(URL_POLICY),
                    signingParameters.get(URL_EXPIRES),
                    signingParameters.get(URL_SIGNATURE),
                    signingParameters.get(URL_HASH_ALGORITHM));
        }

        static Credentials fromCookies(Map<String, String> cookies) {
            return new Credentials(
                    cookies.get("CloudFront-Key-Pair-Id"),
                    cookies.get("CloudFront-Policy"),
                    cookies.get("CloudFront-Expires"),
                    cookies.get("CloudFront-Signature"),
                    cookies.get("CloudFront-Hash-Algorithm"));
        }
    }
}
