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
import software.amazon.awscdk.services.cloudfront.Function;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
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
import software.amazon.awscdk.services.cloudfront.S3OriginAccessControl;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.OriginGroup;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOriginWithOACProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The CDN viewers play from. Everything from the bucket needs the signed cookies playback-service sets (a key group of
 * its public keys), the bucket admits only this distribution and only for renditions, and the API is served under the
 * same host so that those cookies, set by {@code /api/playback}, are sent with every media request.
 */
final class PlaybackCdn extends Construct {

    /** The local edge's values ({@code MediaFiles}): playlists short-lived, everything else written once. */
    static final Duration MANIFEST_TTL = Duration.seconds(2);

    /** Live playlists change every segment (1 s): a viewer must never be served one older than a segment. */
    static final Duration LIVE_MANIFEST_TTL = Duration.seconds(1);

    static final Duration IMMUTABLE_TTL = Duration.days(365);
    static final String MANIFEST_CACHE_CONTROL = "max-age=2";
    static final String LIVE_MANIFEST_CACHE_CONTROL = "max-age=1";

    /**
     * What the origin group answers with when the primary pipeline's copy is missing or its origin failing: S3 says
     * 403 rather than 404 for a key that does not exist when the reader may not list the bucket (CloudFront may not).
     */
    static final List<Number> FAILOVER_STATUS_CODES = List.of(403, 404, 500, 502, 503, 504);

    /**
     * Viewer request: {@code /live/{channelId}/...} becomes {@code /{channelId}/...}, which each origin of the live
     * group prefixes with its own pipeline's folder ({@code /live-a}, {@code /live-b}). Runs after the behaviour (and
     * its signed-cookie check) is chosen by the viewer's path.
     */
    static final String LIVE_REWRITE_FUNCTION = String.join(
            "\n",
            "function handler(event) {",
            "  var request = event.request;",
            "  if (request.uri.indexOf('/live/') === 0) {",
            "    request.uri = request.uri.substring('/live'.length);",
            "  }",
            "  return request;",
            "}",
            "");

    /** Posters in e-mails: mail clients have no cookies, so thumbnails are served without them (see README). */
    static final String THUMBNAILS_PATTERN = MediaBucket.OUTPUT_PREFIX + "*/thumbnails/*.jpg";

    static final String IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

    /** HLS playlists and DASH manifests: both short-lived (a CMAF rendition has one of each). */
    static final List<String> MANIFEST_PATTERNS =
            List.of(MediaBucket.OUTPUT_PREFIX + "*.m3u8", MediaBucket.OUTPUT_PREFIX + "*.mpd");

    /** The progressive MP4s, which the page offers as downloads (signed URLs; the cookies do not cover them). */
    static final String DOWNLOADS_PATTERN = MediaBucket.DOWNLOAD_PREFIX + "*";

    /**
     * S3's override of the response's Content-Disposition, which names the file a download saves as (the local edge
     * honours it the same way). S3 applies it only to signed requests, which the origin access control makes.
     */
    static final String CONTENT_DISPOSITION_OVERRIDE = "response-content-disposition";

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
    private final CachePolicy downloads;
    private final CachePolicy liveManifests;
    private final ResponseHeadersPolicy liveManifestHeaders;
    private final OriginGroup live;
    private final Function liveRewrite;

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

        manifests = cachePolicy("Manifests", MANIFEST_TTL, CacheQueryStringBehavior.none());
        immutable = cachePolicy("Immutable", IMMUTABLE_TTL, CacheQueryStringBehavior.none());
        liveManifests = cachePolicy("LiveManifests", LIVE_MANIFEST_TTL, CacheQueryStringBehavior.none());
        // The override in the cache key, which also forwards it to S3: each download name is its own cached
        // response, and a plain request for the MP4 never gets another's Content-Disposition.
        downloads = cachePolicy(
                "Downloads", IMMUTABLE_TTL, CacheQueryStringBehavior.allowList(CONTENT_DISPOSITION_OVERRIDE));
        manifestHeaders = headers("ManifestHeaders", props.webOrigin(), MANIFEST_CACHE_CONTROL);
        liveManifestHeaders = headers("LiveManifestHeaders", props.webOrigin(), LIVE_MANIFEST_CACHE_CONTROL);
        immutableHeaders = headers("ImmutableHeaders", props.webOrigin(), IMMUTABLE_CACHE_CONTROL);

        // Imported by attributes so that CDK does not grant the distribution the whole bucket: the statement below
        // admits it to the rendition prefixes only, which keeps input/ unreachable even with a valid cookie.
        IBucket mediaRef = Bucket.fromBucketAttributes(
                this,
                "MediaRef",
                BucketAttributes.builder()
                        .bucketArn(props.media().getBucketArn())
                        .bucketName(props.media().getBucketName())
                        .bucketRegionalDomainName(props.media().getBucketRegionalDomainName())
                        .build());
        S3OriginAccessControl access = S3OriginAccessControl.Builder.create(this, "MediaAccess")
                .description("vodflow CDN reads the media bucket")
                .build();
        IOrigin media = S3BucketOrigin.withOriginAccessControl(
                mediaRef,
                S3BucketOriginWithOACProps.builder().originAccessControl(access).build());
        // Live: pipeline A's folder first, pipeline B's when A has no such object or fails. Both cut segments on the
        // same epoch-locked boundaries with the same names, so a switch mid-stream is seamless.
        List<IOrigin> pipelines = MediaBucket.LIVE_PIPELINE_PREFIXES.stream()
                .map(prefix -> S3BucketOrigin.withOriginAccessControl(
                        mediaRef,
                        S3BucketOriginWithOACProps.builder()
                                .originAccessControl(access)
                                .originPath("/" + prefix.substring(0, prefix.length() - 1))
                                .build()))
                .toList();
        live = OriginGroup.Builder.create()
                .primaryOrigin(pipelines.get(0))
                .fallbackOrigin(pipelines.get(1))
                .fallbackStatusCodes(FAILOVER_STATUS_CODES)
                .build();
        liveRewrite = Function.Builder.create(this, "LiveToPipelineFolder")
                .comment("live/{channelId}/... to the pipelines' folders (origin paths /live-a, /live-b)")
                .runtime(FunctionRuntime.JS_2_0)
                .code(FunctionCode.fromInline(LIVE_REWRITE_FUNCTION))
                .build();
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
        // Behaviours match in the order added: the specific patterns before output/*, or CloudFront would cache
        // manifests for a year and drop the download override.
        for (String pattern : MANIFEST_PATTERNS) {
            distribution.addBehavior(pattern, media, signed(media, manifests, manifestHeaders));
        }
        distribution.addBehavior(DOWNLOADS_PATTERN, media, signed(media, downloads, immutableHeaders));
        distribution.addBehavior(
                THUMBNAILS_PATTERN,
                media,
                AddBehaviorOptions.builder()
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(immutable)
                        .responseHeadersPolicy(immutableHeaders)
                        .build());
        distribution.addBehavior(MediaBucket.OUTPUT_PREFIX + "*", media, signed(media, immutable, immutableHeaders));
        distribution.addBehavior(
                MediaBucket.LIVE_PREFIX + "*.m3u8", live, liveSigned(liveManifests, liveManifestHeaders));
        distribution.addBehavior(MediaBucket.LIVE_PREFIX + "*", live, liveSigned(immutable, immutableHeaders));
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
                        .resources(java.util.stream.Stream.concat(
                                        java.util.stream.Stream.of(
                                                MediaBucket.OUTPUT_PREFIX, MediaBucket.DOWNLOAD_PREFIX),
                                        MediaBucket.LIVE_PIPELINE_PREFIXES.stream())
                                .map(prefix -> props.media().arnForObjects(prefix + "*"))
                                .toList())
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

    /** A live behaviour: signed cookies as for video, through the origin group with the folder rewrite. */
    private AddBehaviorOptions liveSigned(CachePolicy cache, ResponseHeadersPolicy headers) {
        return AddBehaviorOptions.builder()
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                // an origin group serves GET, HEAD and OPTIONS only
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS)
                .cachedMethods(CachedMethods.CACHE_GET_HEAD_OPTIONS)
                .cachePolicy(cache)
                .responseHeadersPolicy(headers)
                .trustedKeyGroups(List.<IKeyGroup>of(keyGroup))
                .functionAssociations(List.of(FunctionAssociation.builder()
                        .function(liveRewrite)
                        .eventType(FunctionEventType.VIEWER_REQUEST)
                        .build()))
                .build();
    }

    private CachePolicy cachePolicy(String id, Duration ttl, CacheQueryStringBehavior queryStrings) {
        return CachePolicy.Builder.create(this, id)
                .comment("vodflow " + id + ": " + ttl.toSeconds() + " s")
                .minTtl(Duration.seconds(0))
                .defaultTtl(ttl)
                .maxTtl(ttl)
                .cookieBehavior(CacheCookieBehavior.none())
                .headerBehavior(CacheHeaderBehavior.none())
                .queryStringBehavior(queryStrings)
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
                        // Content-Disposition: a script may read the name a download saves as, as from the local edge.
                        .accessControlExposeHeaders(List.of("Content-Length", "Content-Range", "Content-Disposition"))
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

    CachePolicy downloads() {
        return downloads;
    }

    CachePolicy liveManifests() {
        return liveManifests;
    }

    ResponseHeadersPolicy liveManifestHeaders() {
        return liveManifestHeaders;
    }

    Function liveRewrite() {
        return liveRewrite;
    }

    ResponseHeadersPolicy manifestHeaders() {
        return manifestHeaders;
    }

    ResponseHeadersPolicy immutableHeaders() {
        return immutableHeaders;
    }
}
