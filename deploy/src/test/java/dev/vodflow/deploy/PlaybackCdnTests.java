package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaybackCdnTests {

    private final VodflowStack stack = Synthesized.stack();
    private final String media = Resources.logicalId(stack.bucket().media());

    @Test
    void readsTheBucketThroughOriginAccessControlNeverAnIdentity() {
        assertThat(Resources.ofType("AWS::CloudFront::OriginAccessControl")).hasSize(1);
        assertThat(Resources.ofType("AWS::CloudFront::CloudFrontOriginAccessIdentity"))
                .isEmpty();
        Map<?, ?> origin = origins().stream()
                .filter(o -> o.containsKey("S3OriginConfig"))
                .findFirst()
                .orElseThrow();
        assertThat(origin.get("OriginAccessControlId")).isNotNull();
    }

    @Test
    void bucketAdmitsOnlyThisDistributionAndOnlyForRenditions() {
        List<Map<String, Object>> cdnStatements = bucketPolicy().stream()
                .filter(s -> String.valueOf(s.get("Principal")).contains("cloudfront"))
                .toList();
        assertThat(cdnStatements).hasSize(1);
        Map<String, Object> statement = cdnStatements.get(0);
        assertThat(statement.get("Effect")).isEqualTo("Allow");
        assertThat(Resources.actions(statement)).containsExactly("s3:GetObject");
        assertThat(Resources.resources(statement))
                .containsExactly(objects("output/*"), objects("download/*"), objects("live-a/*"), objects("live-b/*"));
        assertThat(String.valueOf(statement.get("Condition")))
                .contains("AWS:SourceArn")
                .contains(Resources.logicalId(stack.cdn().distribution()));
        // input/ is never readable: no allow statement on the bucket mentions it or the whole bucket
        assertThat(bucketPolicy().stream().filter(s -> "Allow".equals(s.get("Effect"))))
                .allSatisfy(s -> assertThat(Resources.resources(s)).doesNotContain(objects("*"), objects("input/*")));
    }

    @Test
    void everyBucketBehaviourRequiresTheKeyGroupOfPlaybackKeys() {
        String keyGroup = Resources.ofType("AWS::CloudFront::KeyGroup")
                .keySet()
                .iterator()
                .next();
        Map<?, ?> keyConfig = (Map<?, ?>) Resources.properties(keyGroup).get("KeyGroupConfig");
        assertThat(List.<Object>copyOf((List<?>) keyConfig.get("Items")))
                .containsExactlyElementsOf(stack.cdn().publicKeys().stream()
                        .map(k -> (Object) Map.of("Ref", Resources.logicalId(k)))
                        .toList());
        String mediaOrigin = String.valueOf(origins().stream()
                .filter(o -> o.containsKey("S3OriginConfig"))
                .findFirst()
                .orElseThrow()
                .get("Id"));
        List<Map<?, ?>> all = new ArrayList<>(behaviours());
        all.add((Map<?, ?>) distributionConfig().get("DefaultCacheBehavior"));
        List<Map<?, ?>> toBucket = all.stream()
                .filter(b -> mediaOrigin.equals(b.get("TargetOriginId"))
                        || liveGroupId().equals(b.get("TargetOriginId")))
                .filter(b -> !PlaybackCdn.THUMBNAILS_PATTERN.equals(b.get("PathPattern")))
                .toList();
        assertThat(toBucket).hasSizeGreaterThanOrEqualTo(5);
        assertThat(toBucket)
                .allSatisfy(b -> assertThat(b.get("TrustedKeyGroups")).isEqualTo(List.of(Map.of("Ref", keyGroup))));
    }

    @Test
    void publicKeysComeFromTheParametersAndTheirIdsReachPlayback() {
        Map<?, ?> config = (Map<?, ?>) Resources.properties(
                        Resources.logicalId(stack.cdn().publicKeys().get(0)))
                .get("PublicKeyConfig");
        assertThat(config.get("EncodedKey")).isEqualTo(Map.of("Ref", "SigningKeyAPublicKey"));
        Map<String, Object> environment = Containers.environment(ServiceSpecs.PLAYBACK);
        assertThat(environment.get("VODFLOW_PLAYBACK_SIGNING_KEYS_0_ID"))
                .isEqualTo(Map.of(
                        "Ref", Resources.logicalId(stack.cdn().publicKeys().get(0))));
        assertThat(environment.get("VODFLOW_PLAYBACK_SIGNING_KEYS_1_ID"))
                .isEqualTo(Map.of(
                        "Ref", Resources.logicalId(stack.cdn().publicKeys().get(1))));
        assertThat(String.valueOf(environment.get("VODFLOW_PLAYBACK_SIGNING_ACTIVEKEYID")))
                .contains("Fn::If")
                .contains("SigningKeyAActive");
        assertThat(Containers.secrets(ServiceSpecs.PLAYBACK))
                .containsKeys(
                        "VODFLOW_PLAYBACK_SIGNING_KEYS_0_PRIVATEKEYPEM",
                        "VODFLOW_PLAYBACK_SIGNING_KEYS_1_PRIVATEKEYPEM");
    }

    @Test
    void cachesManifestsAtMostTwoSecondsAndEverythingElseForAYearImmutably() {
        Map<?, ?> manifests = behaviour("output/*.m3u8");
        Map<?, ?> dashManifests = behaviour("output/*.mpd");
        Map<?, ?> renditions = behaviour("output/*");
        assertThat(manifests.get("CachePolicyId")).isEqualTo(ref(stack.cdn().manifests()));
        assertThat(dashManifests.get("CachePolicyId")).isEqualTo(ref(stack.cdn().manifests()));
        assertThat(cacheControl(dashManifests)).isEqualTo("max-age=2");
        assertThat(renditions.get("CachePolicyId")).isEqualTo(ref(stack.cdn().immutable()));
        assertThat(ttls(stack.cdn().manifests())).containsEntry("MaxTTL", 2).containsEntry("DefaultTTL", 2);
        assertThat(ttls(stack.cdn().immutable()))
                .containsEntry("MaxTTL", 31536000)
                .containsEntry("DefaultTTL", 31536000);
        assertThat(cacheControl(manifests)).isEqualTo("max-age=2");
        assertThat(cacheControl(renditions)).isEqualTo("public, max-age=31536000, immutable");
        // the more specific pattern must come first, or CloudFront would cache playlists for a year
        List<Object> order =
                behaviours().stream().map(b -> (Object) b.get("PathPattern")).toList();
        assertThat(order).containsSubsequence("output/*.m3u8", "output/*");
        assertThat(order).containsSubsequence("output/*.mpd", "output/*");
    }

    @Test
    void forwardsTheDownloadNameOverrideToTheBucketAndKeysTheCacheOnIt() {
        // The MP4s lie under download/, which the session's cookies (output/{id}/*) do not open: only a signed URL.
        Map<?, ?> downloads = behaviour("download/*");
        assertThat(downloads.get("CachePolicyId")).isEqualTo(ref(stack.cdn().downloads()));
        Map<String, Object> policy = ttls(stack.cdn().downloads());
        assertThat(policy).containsEntry("MaxTTL", 31536000).containsEntry("DefaultTTL", 31536000);
        // A cache policy's query strings are in the cache key and in the request to the origin, which is all S3
        // needs: no origin request policy, which could forward more than S3's signed request tolerates.
        Map<?, ?> queryStrings = (Map<?, ?>)
                ((Map<?, ?>) policy.get("ParametersInCacheKeyAndForwardedToOrigin")).get("QueryStringsConfig");
        assertThat(queryStrings.get("QueryStringBehavior")).isEqualTo("whitelist");
        assertThat(queryStrings.get("QueryStrings")).isEqualTo(List.of("response-content-disposition"));
        assertThat(downloads.get("OriginRequestPolicyId")).isNull();
        assertThat(downloads.get("TrustedKeyGroups")).isNotNull();
        assertThat(cacheControl(downloads)).isEqualTo("public, max-age=31536000, immutable");
        // Every other behaviour of the bucket leaves query strings out of the key and the origin request.
        for (software.constructs.IConstruct other : List.of(
                stack.cdn().manifests(), stack.cdn().immutable(), stack.cdn().liveManifests())) {
            Map<?, ?> config = (Map<?, ?>)
                    ((Map<?, ?>) ttls(other).get("ParametersInCacheKeyAndForwardedToOrigin")).get("QueryStringsConfig");
            assertThat(config.get("QueryStringBehavior")).isEqualTo("none");
        }
    }

    @Test
    void answersTheWebOriginsCorsRequestsWithCredentials() {
        for (String path : List.of("output/*.m3u8", "output/*.mpd", "download/*", "output/*")) {
            String policy = String.valueOf(((Map<?, ?>) behaviour(path).get("ResponseHeadersPolicyId")).get("Ref"));
            Map<?, ?> config = (Map<?, ?>) Resources.properties(policy).get("ResponseHeadersPolicyConfig");
            Map<?, ?> cors = (Map<?, ?>) config.get("CorsConfig");
            assertThat(cors.get("AccessControlAllowOrigins"))
                    .isEqualTo(Map.of("Items", List.of(Map.of("Ref", "WebOrigin"))));
            assertThat(cors.get("AccessControlAllowCredentials")).isEqualTo(true);
            assertThat(List.<Object>copyOf((List<?>) ((Map<?, ?>) cors.get("AccessControlExposeHeaders")).get("Items")))
                    .contains("Content-Range", "Content-Disposition");
        }
    }

    @Test
    void servesHttpsOnly() {
        List<Map<?, ?>> all = new ArrayList<>(behaviours());
        all.add((Map<?, ?>) distributionConfig().get("DefaultCacheBehavior"));
        assertThat(all)
                .allSatisfy(b -> assertThat(b.get("ViewerProtocolPolicy")).isEqualTo("https-only"));
    }

    @Test
    void servesTheApiUnderTheSameHostSoPlaybackCookiesReachTheMedia() {
        Map<?, ?> api = behaviour("api/*");
        assertThat(api.get("TargetOriginId")).isNotEqualTo(behaviour("output/*").get("TargetOriginId"));
        assertThat(api.get("TrustedKeyGroups")).isNull();
        assertThat(Containers.environment(ServiceSpecs.PLAYBACK).get("VODFLOW_PLAYBACK_CDNBASEURL"))
                .isEqualTo(Map.of(
                        "Fn::Join",
                        List.of(
                                "",
                                List.of(
                                        "https://",
                                        Map.of(
                                                "Fn::GetAtt",
                                                List.of(
                                                        Resources.logicalId(
                                                                stack.cdn().distribution()),
                                                        "DomainName"))))));
    }

    @Test
    void servesLiveThroughAnOriginGroupOfThePipelinesFoldersFailingOverOnMissingOrFailing() {
        Map<?, ?> group = liveGroup();
        Map<?, ?> failover = (Map<?, ?>) group.get("FailoverCriteria");
        assertThat(List.<Object>copyOf((List<?>) ((Map<?, ?>) failover.get("StatusCodes")).get("Items")))
                .containsExactlyInAnyOrder(403, 404, 500, 502, 503, 504);
        List<?> members = (List<?>) ((Map<?, ?>) group.get("Members")).get("Items");
        List<String> memberPaths = members.stream()
                .map(m -> String.valueOf(((Map<?, ?>) m).get("OriginId")))
                .map(id -> origins().stream()
                        .filter(o -> id.equals(o.get("Id")))
                        .findFirst()
                        .orElseThrow())
                .map(o -> String.valueOf(o.get("OriginPath")))
                .toList();
        // the primary is pipeline A's folder, the fallback pipeline B's: the folders the emulator and MediaLive fill
        assertThat(memberPaths).containsExactly("/live-a", "/live-b");
        assertThat(origins().stream().filter(o -> memberPaths.contains(String.valueOf(o.get("OriginPath")))))
                .allSatisfy(o -> assertThat(o.get("OriginAccessControlId")).isNotNull());
    }

    @Test
    void cachesLiveManifestsOneSecondAndSegmentsLongBehindTheSignedCookies() {
        Map<?, ?> manifests = behaviour("live/*.m3u8");
        Map<?, ?> segments = behaviour("live/*");
        assertThat(manifests.get("TargetOriginId")).isEqualTo(liveGroupId());
        assertThat(segments.get("TargetOriginId")).isEqualTo(liveGroupId());
        assertThat(manifests.get("CachePolicyId")).isEqualTo(ref(stack.cdn().liveManifests()));
        assertThat(ttls(stack.cdn().liveManifests())).containsEntry("MaxTTL", 1).containsEntry("DefaultTTL", 1);
        assertThat(cacheControl(manifests)).isEqualTo("max-age=1");
        assertThat(segments.get("CachePolicyId")).isEqualTo(ref(stack.cdn().immutable()));
        assertThat(behaviours().stream().map(b -> (Object) b.get("PathPattern")).toList())
                .containsSubsequence("live/*.m3u8", "live/*");
        String keyGroup = Resources.ofType("AWS::CloudFront::KeyGroup")
                .keySet()
                .iterator()
                .next();
        for (Map<?, ?> live : List.of(manifests, segments)) {
            assertThat(live.get("TrustedKeyGroups")).isEqualTo(List.of(Map.of("Ref", keyGroup)));
            assertThat(live.get("FunctionAssociations"))
                    .isEqualTo(List.of(Map.of(
                            "EventType",
                            "viewer-request",
                            "FunctionARN",
                            Map.of(
                                    "Fn::GetAtt",
                                    List.of(Resources.logicalId(stack.cdn().liveRewrite()), "FunctionARN")))));
        }
    }

    @Test
    void theRewriteSendsTheViewersLivePathToThePipelinesFolderOnly() throws Exception {
        String code = String.valueOf(((Map<?, ?>)
                        Resources.properties(Resources.logicalId(stack.cdn().liveRewrite())))
                .get("FunctionCode"));
        assertThat(code).isEqualTo(PlaybackCdn.LIVE_REWRITE_FUNCTION);
        assertThat(rewrite(code, "/live/ch-1/master_720p.m3u8")).isEqualTo("/ch-1/master_720p.m3u8");
        assertThat(rewrite(code, "/live/ch-1/master_720p_00042.ts")).isEqualTo("/ch-1/master_720p_00042.ts");
        // only the leading folder: a channel path that merely contains "live/" keeps it
        assertThat(rewrite(code, "/live/live/x.m3u8")).isEqualTo("/live/x.m3u8");
        assertThat(rewrite(code, "/output/v/live/x.m3u8")).isEqualTo("/output/v/live/x.m3u8");
    }

    @Test
    void servesThumbnailsWithoutCookiesForMailClientsButNothingElseOfARendition() {
        Map<?, ?> thumbnails = behaviour(PlaybackCdn.THUMBNAILS_PATTERN);
        assertThat(thumbnails.get("TrustedKeyGroups")).isNull();
        assertThat(thumbnails.get("AllowedMethods")).isEqualTo(List.of("GET", "HEAD"));
        assertThat(PlaybackCdn.THUMBNAILS_PATTERN).isEqualTo("output/*/thumbnails/*.jpg");
        // before output/*, or CloudFront would ask for cookies; output/* itself stays signed
        assertThat(behaviours().stream().map(b -> (Object) b.get("PathPattern")).toList())
                .containsSubsequence(PlaybackCdn.THUMBNAILS_PATTERN, "output/*");
        assertThat(behaviour("output/*").get("TrustedKeyGroups")).isNotNull();
        assertThat(behaviours().stream()
                        .filter(b -> b.get("TrustedKeyGroups") == null)
                        .map(b -> (Object) b.get("PathPattern"))
                        .toList())
                .containsExactlyInAnyOrder(PlaybackCdn.THUMBNAILS_PATTERN, "api/*");
    }

    /** Runs the CloudFront function's handler in Node.js (which CDK needs anyway) on one viewer URI. */
    private static String rewrite(String code, String uri) throws Exception {
        java.nio.file.Path script = java.nio.file.Files.createTempFile("live-rewrite", ".js");
        try {
            java.nio.file.Files.writeString(
                    script, code + "\nprocess.stdout.write(handler({request: {uri: process.argv[2]}}).uri);\n");
            Process node = new ProcessBuilder("node", script.toString(), uri)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(node.waitFor()).as(out).isZero();
            return out;
        } finally {
            java.nio.file.Files.deleteIfExists(script);
        }
    }

    private Map<?, ?> liveGroup() {
        List<?> groups = (List<?>) ((Map<?, ?>) distributionConfig().get("OriginGroups")).get("Items");
        assertThat(groups).hasSize(1);
        return (Map<?, ?>) groups.get(0);
    }

    private String liveGroupId() {
        return String.valueOf(liveGroup().get("Id"));
    }

    private Map<String, Object> objects(String pattern) {
        return Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::GetAtt", List.of(media, "Arn")), "/" + pattern)));
    }

    private static Map<String, Object> ref(software.constructs.IConstruct construct) {
        return Map.of("Ref", Resources.logicalId(construct));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ttls(software.constructs.IConstruct policy) {
        return (Map<String, Object>)
                Resources.properties(Resources.logicalId(policy)).get("CachePolicyConfig");
    }

    private static String cacheControl(Map<?, ?> behaviour) {
        String policy = String.valueOf(((Map<?, ?>) behaviour.get("ResponseHeadersPolicyId")).get("Ref"));
        Map<?, ?> config = (Map<?, ?>) Resources.properties(policy).get("ResponseHeadersPolicyConfig");
        Map<?, ?> custom = (Map<?, ?>) config.get("CustomHeadersConfig");
        Map<?, ?> header = (Map<?, ?>) ((List<?>) custom.get("Items")).get(0);
        assertThat(header.get("Header")).isEqualTo("Cache-Control");
        return String.valueOf(header.get("Value"));
    }

    private List<Map<String, Object>> bucketPolicy() {
        return Resources.ofType("AWS::S3::BucketPolicy").values().stream()
                .map(p -> (Map<?, ?>) p.get("Properties"))
                .filter(p -> Map.of("Ref", media).equals(p.get("Bucket")))
                .flatMap(p -> Resources.statements(p.get("PolicyDocument")).stream())
                .toList();
    }

    private Map<?, ?> distributionConfig() {
        return (Map<?, ?>) Resources.properties(Resources.logicalId(stack.cdn().distribution()))
                .get("DistributionConfig");
    }

    @SuppressWarnings("unchecked")
    private List<Map<?, ?>> behaviours() {
        return (List<Map<?, ?>>) distributionConfig().get("CacheBehaviors");
    }

    @SuppressWarnings("unchecked")
    private List<Map<?, ?>> origins() {
        return (List<Map<?, ?>>) distributionConfig().get("Origins");
    }

    private Map<?, ?> behaviour(String path) {
        return behaviours().stream()
                .filter(b -> path.equals(b.get("PathPattern")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no behaviour for " + path));
    }
}
