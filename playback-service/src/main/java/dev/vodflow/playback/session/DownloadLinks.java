package dev.vodflow.playback.session;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;

/**
 * Signs the URL of one MP4 with a canned policy (that exact URL, query included, until a near expiry). A session's
 * cookies open only the streaming files; the download is a link of its own, which the service gives out only while
 * the owner allows downloads and which stops working minutes later.
 */
final class DownloadLinks {

    private final CloudFrontUtilities cloudFront = CloudFrontUtilities.create();
    private final SigningKeys keys;
    private final String cdnBaseUrl;
    private final Duration ttl;
    private final Clock clock;

    DownloadLinks(SigningKeys keys, PlaybackProperties properties, Clock clock) {
        this.keys = keys;
        this.cdnBaseUrl = properties.cdnBaseUrl().toString().replaceFirst("/+$", "");
        this.ttl = properties.downloadTtl();
        this.clock = clock;
    }

    /**
     * A signed URL for {@code objectKey} that makes the browser save it as {@code fileName}, through S3's
     * {@code response-content-disposition} override, which the CDN forwards for MP4s.
     */
    Link sign(String objectKey, String fileName) {
        // CloudFront policies count whole seconds.
        Instant expiresAt = Instant.ofEpochSecond((clock.millis() + ttl.toMillis() + 999) / 1000);
        String url = cdnBaseUrl + "/" + objectKey + "?response-content-disposition=" + encode(disposition(fileName));
        SigningKeys.SigningKey key = keys.active();
        String signed = cloudFront
                .getSignedUrlWithCannedPolicy(request -> request.resourceUrl(url)
                        .privateKey(key.privateKey())
                        .keyPairId(key.id())
                        .expirationDate(expiresAt))
                .url();
        return new Link(signed, expiresAt);
    }

    /** {@code attachment} with an ASCII fallback name and the exact one in RFC 5987 form. */
    static String disposition(String fileName) {
        String name = fileName.replaceAll("[\"\\\\/:*?<>|\\r\\n]+", "_");
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".mp4")) {
            name = name + ".mp4";
        }
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encode(name);
    }

    private static String encode(String value) {
        // "*" too: a canned policy names the exact URL, and a star in it would read as a wildcard.
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A");
    }

    record Link(String url, Instant expiresAt) {}
}
