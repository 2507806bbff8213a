package dev.vodflow.localaws.cloudfront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

/** The edge over HTTP, in front of a real S3Proxy bucket. */
class CloudFrontEdgeIntegrationTests {

    static final String BUCKET = "edge-test";
    static final String ORIGIN = "http://localhost:5173";
    static final KeyPair OLD_KEY = TestKeys.generate();
    static final KeyPair NEW_KEY = TestKeys.generate();
    static final byte[] MP4 = new byte[4096];

    @TempDir
    static Path data;

    static LocalS3 s3;
    static CloudFrontEdge edge;
    static CloudFrontEdgeConfig config;

    final HttpClient http = HttpClient.newHttpClient();
    final CloudFrontUtilities signer = CloudFrontUtilities.create();

    @BeforeAll
    static void start() {
        s3 = LocalS3.start(new LocalS3.Config(data.resolve("s3"), 0, List.of()), null);
        s3.createBucket(BUCKET);
        for (int i = 0; i < MP4.length; i++) {
            MP4[i] = (byte) i;
        }
        put("output/A/hls/master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n360p.m3u8\n");
        put("output/A/hls/seg_0.ts", "segment-of-A");
        put("output/B/hls/master.m3u8", "#EXTM3U\n");
        put("input/A/source", "the original upload");
        s3.client().putObject(b -> b.bucket(BUCKET).key("output/A/mp4/720.mp4"), RequestBody.fromBytes(MP4));
        config = new CloudFrontEdgeConfig(
                0,
                s3.endpoint(),
                LocalAws.REGION,
                LocalAws.ACCESS_KEY_ID,
                LocalAws.SECRET_ACCESS_KEY,
                BUCKET,
                Map.of("K1", OLD_KEY.getPublic(), "K2", NEW_KEY.getPublic()),
                Set.of(ORIGIN));
        edge = new CloudFrontEdge(config).start();
    }

    @AfterAll
    static void stop() {
        edge.close();
        s3.close();
    }

    static void put(String key, String body) {
        s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body));
    }

    @Test
    void cookiesForAServeItsFilesWithProductionCacheHeadersAndNothingElse() throws Exception {
        String cookies = cookies(edge, "K2", NEW_KEY, "A", Instant.now().plusSeconds(300));

        HttpResponse<String> master = get(edge, "/output/A/hls/master.m3u8", cookies);
        HttpResponse<String> segment = get(edge, "/output/A/hls/seg_0.ts", cookies);
        HttpResponse<String> other = get(edge, "/output/B/hls/master.m3u8", cookies);

        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.body()).startsWith("#EXTM3U");
        assertThat(master.headers().firstValue("Cache-Control")).hasValue("max-age=2");
        assertThat(segment.statusCode()).isEqualTo(200);
        assertThat(segment.body()).isEqualTo("segment-of-A");
        assertThat(segment.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(other.body())
                .startsWith("<?xml")
                .contains("<Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>")
                .doesNotContain("EXTM3U");
    }

    @Test
    void withoutSignatureNothingIsServedAndInputIsNeverServed() throws Exception {
        String wide = cookiesFor(
                edge, "K2", NEW_KEY, edge.endpoint() + "/*", Instant.now().plusSeconds(300));

        HttpResponse<String> unsigned = get(edge, "/output/A/hls/master.m3u8", null);
        HttpResponse<String> upload = get(edge, "/input/A/source", wide);

        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body())
                .contains(
                        "<Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message>");
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(upload.body()).doesNotContain("original upload");
    }

    @Test
    void rangeRequestsAnswerPartialContent() throws Exception {
        String cookies = cookies(edge, "K2", NEW_KEY, "A", Instant.now().plusSeconds(300));
        HttpResponse<byte[]> response = http.send(
                request(edge, "/output/A/mp4/720.mp4", cookies)
                        .header("Range", "bytes=1000-1099")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 1000-1099/4096");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.body()).hasSize(100).startsWith(MP4[1000], MP4[1001]);
    }

    @Test
    void aDownloadLinkNamesTheFileThroughTheS3ContentDispositionOverride() throws Exception {
        String cookies = cookies(edge, "K2", NEW_KEY, "A", Instant.now().plusSeconds(300));
        String disposition = "attachment; filename=\"Surfing at dawn.mp4\"";

        HttpResponse<byte[]> download = http.send(
                request(
                                edge,
                                "/output/A/mp4/720.mp4?response-content-disposition="
                                        + java.net.URLEncoder.encode(
                                                disposition, java.nio.charset.StandardCharsets.UTF_8),
                                cookies)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> played = http.send(
                request(edge, "/output/A/mp4/720.mp4", cookies).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue(disposition);
        assertThat(download.body()).isEqualTo(MP4);
        assertThat(played.headers().firstValue("Content-Disposition")).isEmpty();
    }

    @Test
    void cannedSignedUrlOpensExactlyOneObject() throws Exception {
        String url = signer.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(edge.endpoint() + "/output/A/hls/seg_0.ts")
                        .privateKey(NEW_KEY.getPrivate())
                        .keyPairId("K2")
                        .expirationDate(Instant.now().plusSeconds(60)))
                .url();

        HttpResponse<String> signed =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> elsewhere = http.send(
                HttpRequest.newBuilder(URI.create(url.replace("seg_0.ts", "master.m3u8")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.body()).isEqualTo("segment-of-A");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
    }

    @Test
    void rotatedOutKeyVerifiesUntilRemovedFromTheKeyGroup() throws Exception {
        String oldCookies = cookies(edge, "K1", OLD_KEY, "A", Instant.now().plusSeconds(300));
        String expiredOld = cookies(edge, "K1", OLD_KEY, "A", Instant.now().minusSeconds(1));

        assertThat(get(edge, "/output/A/hls/master.m3u8", oldCookies).statusCode())
                .isEqualTo(200);
        assertThat(get(edge, "/output/A/hls/master.m3u8", expiredOld).headers().firstValue(EdgeHandler.DENIAL_HEADER))
                .hasValue("EXPIRED");

        try (CloudFrontEdge withoutOldKey =
                new CloudFrontEdge(config.withPublicKeys(Map.of("K2", NEW_KEY.getPublic()))).start()) {
            String reissued =
                    cookies(withoutOldKey, "K1", OLD_KEY, "A", Instant.now().plusSeconds(300));
            HttpResponse<String> refused = get(withoutOldKey, "/output/A/hls/master.m3u8", reissued);

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("<Code>InvalidKey</Code><Message>Unknown Key</Message>");
        }
    }

    @Test
    void corsEchoesOnlyConfiguredOriginsWithCredentials() throws Exception {
        String cookies = cookies(edge, "K2", NEW_KEY, "A", Instant.now().plusSeconds(300));
        HttpResponse<String> allowed = http.send(
                request(edge, "/output/A/hls/master.m3u8", cookies)
                        .header("Origin", ORIGIN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> foreign = http.send(
                request(edge, "/output/A/hls/master.m3u8", cookies)
                        .header("Origin", "https://evil.example")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(URI.create(edge.endpoint() + "/output/A/mp4/720.mp4"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", ORIGIN)
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "range")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials"))
                .hasValue("true");
        assertThat(allowed.headers().allValues("Vary")).contains("Origin");
        assertThat(foreign.statusCode()).isEqualTo(200);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(foreign.headers().allValues("Vary")).contains("Origin");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(ORIGIN);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValue("range");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValue("GET, HEAD");
    }

    private HttpResponse<String> get(CloudFrontEdge target, String path, String cookies) throws Exception {
        return http.send(request(target, path, cookies).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(CloudFrontEdge target, String path, String cookies) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.endpoint() + path));
        if (cookies != null) {
            builder.header("Cookie", cookies);
        }
        return builder;
    }

    private String cookies(CloudFrontEdge target, String keyId, KeyPair key, String video, Instant expires) {
        return cookiesFor(target, keyId, key, target.endpoint() + "/output/" + video + "/*", expires);
    }

    private String cookiesFor(CloudFrontEdge target, String keyId, KeyPair key, String resource, Instant expires) {
        CookiesForCustomPolicy cookies = signer.getCookiesForCustomPolicy(r -> r.resourceUrl(resource)
                .privateKey(key.getPrivate())
                .keyPairId(keyId)
                .expirationDate(expires));
        return cookies.policyHeaderValue() + "; " + cookies.signatureHeaderValue() + "; "
                + cookies.keyPairIdHeaderValue();
    }
}
