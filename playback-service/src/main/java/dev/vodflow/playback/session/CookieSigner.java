package dev.vodflow.playback.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

/**
 * Signs CloudFront cookies whose custom policy opens {@code {cdn}/output/{videoId}/*} until a rounded expiry.
 *
 * <p>An RSA-2048 signature costs about a millisecond of CPU, so the policy is made deterministic (same video, same
 * key, same rounded expiry → same policy bytes) and its cookies are cached in a size-bounded Caffeine cache:
 * a popular video costs one signature per expiry step instead of one per viewer.
 */
final class CookieSigner {

    private final CloudFrontUtilities cloudFront = CloudFrontUtilities.create();
    private final SigningKeys keys;
    private final String cdnBaseUrl;
    private final Duration ttl;
    private final long stepMillis;
    private final Clock clock;
    private final Cache<CacheKey, SignedCookies> cache;

    CookieSigner(SigningKeys keys, PlaybackProperties properties, Clock clock) {
        this.keys = keys;
        this.cdnBaseUrl = properties.cdnBaseUrl().toString().replaceFirst("/+$", "");
        this.ttl = properties.sessionTtl();
        this.stepMillis = properties.expiryStep().toMillis();
        this.clock = clock;
        long maximumSize = properties.signing().cacheMaximumSize();
        this.cache = maximumSize == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(maximumSize)
                        // An entry is useless once its expiry passed; the key already guarantees it is never served
                        // after that, this only frees the memory.
                        .expireAfterWrite(ttl.plusMillis(stepMillis))
                        .build();
    }

    /** Cookies for a new session on {@code videoId}, signed with the active key. */
    SignedCookies sign(String videoId) {
        return sign(videoId, keys.active());
    }

    SignedCookies sign(String videoId, SigningKeys.SigningKey key) {
        return signPrefix("output/" + videoId, key);
    }

    /** Cookies for a live channel's playlists and segments, {@code {cdn}/live/{channelId}/*}. */
    SignedCookies signLive(String channelId) {
        return signPrefix("live/" + channelId, keys.active());
    }

    private SignedCookies signPrefix(String prefix, SigningKeys.SigningKey key) {
        Instant expiresAt = roundedExpiry();
        if (cache == null) {
            return signNow(prefix, key, expiresAt);
        }
        return cache.get(new CacheKey(prefix, key.id(), expiresAt), k -> signNow(prefix, key, expiresAt));
    }

    /** The video's output prefix on the CDN; the only resource its cookies open. */
    String resource(String videoId) {
        return prefixResource("output/" + videoId);
    }

    private String prefixResource(String prefix) {
        return cdnBaseUrl + "/" + prefix + "/*";
    }

    String url(String objectKey) {
        return cdnBaseUrl + "/" + objectKey;
    }

    private Instant roundedExpiry() {
        long earliest = clock.millis() + ttl.toMillis();
        long rounded = ((earliest + stepMillis - 1) / stepMillis) * stepMillis;
        // CloudFront policies count whole seconds.
        return Instant.ofEpochSecond((rounded + 999) / 1000);
    }

    private SignedCookies signNow(String prefix, SigningKeys.SigningKey key, Instant expiresAt) {
        CookiesForCustomPolicy cookies =
                cloudFront.getCookiesForCustomPolicy(request -> request.resourceUrl(prefixResource(prefix))
                        .privateKey(key.privateKey())
                        .keyPairId(key.id())
                        .expirationDate(expiresAt));
        return new SignedCookies(
                valueOf(cookies.policyHeaderValue()),
                valueOf(cookies.signatureHeaderValue()),
                valueOf(cookies.keyPairIdHeaderValue()),
                expiresAt);
    }

    /** The SDK renders each cookie as {@code Name=value}. */
    private static String valueOf(String headerValue) {
        return headerValue.substring(headerValue.indexOf('=') + 1);
    }

    private record CacheKey(String prefix, String keyId, Instant expiresAt) {}

    /** The values of the three CloudFront cookies and when they stop working. */
    record SignedCookies(String policy, String signature, String keyPairId, Instant expiresAt) {

        static final String POLICY = "CloudFront-Policy";
        static final String SIGNATURE = "CloudFront-Signature";
        static final String KEY_PAIR_ID = "CloudFront-Key-Pair-Id";

        /** The three cookies by name, as answers repeat them for players that cannot read a cookie jar. */
        Map<String, String> byName() {
            return Map.of(POLICY, policy, SIGNATURE, signature, KEY_PAIR_ID, keyPairId);
        }
    }
}
