package dev.vodflow.localaws.cloudfront;

import java.net.URI;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * How the local edge runs.
 *
 * @param port the port to listen on, {@code 0} for any free one
 * @param s3Endpoint the S3 endpoint the objects are read from (path-style access)
 * @param bucket the bucket holding {@code output/}
 * @param publicKeys the key group: public keys by key pair id; a request signed with any other id is refused
 * @param allowedOrigins web page origins that may read responses with credentials (CORS)
 */
public record CloudFrontEdgeConfig(
        int port,
        URI s3Endpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        String bucket,
        Map<String, PublicKey> publicKeys,
        Set<String> allowedOrigins) {

    public CloudFrontEdgeConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (s3Endpoint == null || region == null || accessKeyId == null || secretAccessKey == null || bucket == null) {
            throw new IllegalArgumentException(
                    "s3Endpoint, region, accessKeyId, secretAccessKey and bucket are required");
        }
        publicKeys = Map.copyOf(publicKeys);
        allowedOrigins = Set.copyOf(allowedOrigins);
        if (allowedOrigins.contains("*")) {
            // Browsers refuse a wildcard origin on credentialed requests; hls.js withCredentials needs the exact one.
            throw new IllegalArgumentException("allowedOrigins must list exact origins, not *");
        }
    }

    /** The same edge with another key group, for a key rotation. */
    public CloudFrontEdgeConfig withPublicKeys(Map<String, PublicKey> keys) {
        return new CloudFrontEdgeConfig(
                port, s3Endpoint, region, accessKeyId, secretAccessKey, bucket, keys, allowedOrigins);
    }

    /** Reads an RSA public key in PEM ({@code -----BEGIN PUBLIC KEY-----}), as uploaded to a CloudFront key group. */
    public static PublicKey publicKeyFromPem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not an RSA public key in PEM", e);
        }
    }
}
