package dev.vodflow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.cloudfront.AddBehaviorOptions;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.CachedMethods;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.IKeyGroup;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.KeyGroup;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.PublicKey;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersCorsBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.constructs.Construct;

/**
 * The CDN viewers play from. Everything from the bucket needs the signed cookies playback-service sets (a key group of
 * its public keys), the bucket admits only this distribution and only for renditions, and the API is served under the
 * same host so that those cookies, set by {@code /api/playback}, are sent with every media request.
 */
final class PlaybackCdn extends Construct {

    /** The local edge's values ({@code MediaFiles}): playlists short-lived, everything else written once. */
    static final Duration MANIFEST_TTL = Duration.seconds(2);

    static final Duration IMMUTABLE_TTL = Duration.days(365);
    static final String MANIFEST_CACHE_CONTROL = "max-age=2";
    static final String IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

    /**
     * @param publicKeyPems the PEM public keys of playback-service's signing key pairs (several, so keys rotate)
     * @param apiEndpoint the HTTP API's {@code https://...} endpoint, served under {@code /api/*}
     */
    record Props(Bucket media, Bucket logs, String webOrigin, List<String> publicKeyPems, String apiEndpoint) {}

    private final Distribution distribution;
    private final List<PublicKey> publicKeys = new ArrayList<>();
    private final KeyGroup keyGroup;
    private final ResponseHeadersPolicy manifestHeaders;
    private final ResponseHeadersPolicy immutableHeaders;
    private final CachePolicy manifests;
    private final CachePolicy immutable;

    PlaybackCdn(Construct scope, String id, Props props) {
        super(scope, id);
        for (int i = 0; i < props.publicKeyPems().size(); i++) {
            publicKeys.add(PublicKey.Builder.create(this, "SigningKey" + i)
                    .comment("playback-service signing key " + i)
                    .encodedKey(props.publicKeyPems().get(i))
                    .build());
        }
        keyGroup = KeyGroup.Builder.create(this, "Viewers")
                .comment("Keys whose signed cookies open media")
                .items(List.copyOf(publicKeys))
                .build();

        manifests = cachePolicy("Manifests", MANIFEST_TTL);
        immutable = cachePolicy("Immutable", IMMUTABLE_TTL);
        manifestHeaders = headers("ManifestHeaders", props.webOrigin(), MANIFEST_CACHE_CONTROL);
        immutableHeaders = headers("ImmutableHeaders", props.webOrigin(), IMMUTABLE_CACHE_CONTROL);

        // Imported by attributes so that CDK does not grant the distribution the whole bucket: the statement below
        // admits it to the rendition prefixes only, which keeps input/ unreachable even with a valid cookie.
        IOrigin media = S3BucketOrigin.withOriginAccessControl(Bucket.fromBucketAttributes(
                this,
                "MediaRef",
                BucketAttributes.builder()
                        .bucketArn(props.media().getBucketArn())
                        .bucketName(props.media().getBucketName())
                        .bucketRegionalDomainName(props.media().getBucketRegionalDomainName())
                        .build()));
        IOrigin api = HttpOrigin.Builder.create(Fn.select(2, Fn.split("/", props.apiEndpoint())))
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .build();

        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("vodflow playback and API")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableLogging(true)
                .logBucket(props.logs())
                .logFilePrefix("cloudfront/")
                .defaultBehavior(signed(media, immutable, immutableHeaders))
                .build();
        distribution.addBehavior(
                MediaBucket.OUTPUT_PREFIX + "*.m3u8", media, signed(media, manifests, manifestHeaders));
        distribution.addBehavior(MediaBucket.OUTPUT_PREFIX + "*", media, signed(media, immutable, immutableHeaders));
        distribution.addBehavior(
                "api/*",
                api,
                AddBehaviorOptions.builder()
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .build());

        props.media()
                .addToResourcePolicy(PolicyStatement.Builder.create()
                        .sid("CdnReadsRenditions")
                        .principals(List.of(new ServicePrincipal("cloudfront.amazonaws.com")))
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(
                                props.media().arnForObjects(MediaBucket.OUTPUT_PREFIX + "*"),
                                props.media().arnForObjects(MediaBucket.LIVE_PREFIX + "*")))
                        .conditions(Map.of("StringEquals", Map.of("AWS:SourceArn", distribution.getDistributionArn())))
                        .build());
    }

    private BehaviorOptions signed(IOrigin origin, CachePolicy cache, ResponseHeadersPolicy headers) {
        return BehaviorOptions.builder()
                .origin(origin)
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS)
                .cachedMethods(CachedMethods.CACHE_GET_HEAD_OPTIONS)
                .cachePolicy(cache)
                .responseHeadersPolicy(headers)
                .trustedKeyGroups(List.<IKeyGroup>of(keyGroup))
                .build();
    }

    private CachePolicy cachePolicy(String id, Duration ttl) {
        return CachePolicy.Builder.create(this, id)
                .comment("vodflow " + id + ": " + ttl.toSeconds() + " s")
                .minTtl(Duration.seconds(0))
                .defaultTtl(ttl)
                .maxTtl(ttl)
                .cookieBehavior(CacheCookieBehavior.none())
                .headerBehavior(CacheHeaderBehavior.none())
                .queryStringBehavior(CacheQueryStringBehavior.none())
                .enableAcceptEncodingGzip(true)
                .build();
    }

    private ResponseHeadersPolicy headers(String id, String webOrigin, String cacheControl) {
        return ResponseHeadersPolicy.Builder.create(this, id)
                .comment("vodflow " + id)
                .corsBehavior(ResponseHeadersCorsBehavior.builder()
                        .accessControlAllowOrigins(List.of(webOrigin))
                        // hls.js sends the signed cookies with its requests (withCredentials).
                        .accessControlAllowCredentials(true)
                        .accessControlAllowHeaders(List.of("Range", "Origin", "Accept"))
                        .accessControlAllowMethods(List.of("GET", "HEAD", "OPTIONS"))
                        .accessControlExposeHeaders(List.of("Content-Length", "Content-Range"))
                        .accessControlMaxAge(Duration.minutes(10))
                        .originOverride(true)
                        .build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder()
                        .customHeaders(List.of(ResponseCustomHeader.builder()
                                .header("Cache-Control")
                                .value(cacheControl)
                                .override(true)
                                .build()))
                        .build())
                .build();
    }

    Distribution distribution() {
        return distribution;
    }

    /** The distribution's base URL, as playback-service builds manifest URLs and cookie policies from it. */
    String baseUrl() {
        return "https://" + distribution.getDistributionDomainName();
    }

    List<PublicKey> publicKeys() {
        return publicKeys;
    }

    CachePolicy manifests() {
        return manifests;
    }

    CachePolicy immutable() {
        return immutable;
    }

    ResponseHeadersPolicy manifestHeaders() {
        return manifestHeaders;
    }

    ResponseHeadersPolicy immutableHeaders() {
        return immutableHeaders;
    }
}
