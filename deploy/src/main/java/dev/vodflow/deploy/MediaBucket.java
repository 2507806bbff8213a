package dev.vodflow.deploy;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The one media bucket: sources under {@code input/} (uploaded by browsers with presigned URLs), renditions under
 * {@code output/} (written by MediaConvert, read by the CDN only), and a log bucket for it and the CDN.
 */
final class MediaBucket extends Construct {

    /** Where uploads land; the services and the local stack use the same prefixes. */
    static final String INPUT_PREFIX = "input/";

    static final String OUTPUT_PREFIX = "output/";

    /**
     * The progressive MP4s ({@code download/{videoId}/}): outside {@link #OUTPUT_PREFIX}, whose {@code {videoId}/*}
     * a playback session's cookies open, so an MP4 is served only with its own signed URL.
     */
    static final String DOWNLOAD_PREFIX = "download/";

    /** The path viewers play live channels under ({@code live/{channelId}/...}); no object is stored there. */
    static final String LIVE_PREFIX = "live/";

    /**
     * Where the two pipelines of every live channel write ({@code live-a/{channelId}/}, {@code live-b/{channelId}/}),
     * as the local emulator does; the CDN's origin group serves them to viewers under {@link #LIVE_PREFIX}.
     */
    static final List<String> LIVE_PIPELINE_PREFIXES = List.of("live-a/", "live-b/");

    /** How long a live segment may be left behind: only the live window is ever played from these folders. */
    static final int LIVE_SEGMENT_DAYS = 1;

    /** @param webOrigin the web page's origin (e.g. {@code https://app.example.com}) allowed to upload */
    record Props(String webOrigin) {}

    private final Bucket media;
    private final Bucket logs;

    MediaBucket(Construct scope, String id, Props props) {
        super(scope, id);
        logs = Bucket.Builder.create(this, "Logs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                // CloudFront standard logging still writes with ACLs, so the writer must own its objects.
                .objectOwnership(ObjectOwnership.OBJECT_WRITER)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-logs")
                        .expiration(Duration.days(90))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        media = Bucket.Builder.create(this, "Media")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .serverAccessLogsBucket(logs)
                .serverAccessLogsPrefix("s3/media/")
                .cors(List.of(CorsRule.builder()
                        .allowedOrigins(List.of(props.webOrigin()))
                        .allowedMethods(List.of(HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD))
                        .allowedHeaders(List.of("*"))
                        // The page's multipart upload reads each part's ETag to complete the upload.
                        .exposedHeaders(List.of("ETag"))
                        .maxAge(3000)
                        .build()))
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("age-sources")
                                .prefix(INPUT_PREFIX)
                                .transitions(List.of(
                                        Transition.builder()
                                                .storageClass(StorageClass.INFREQUENT_ACCESS)
                                                .transitionAfter(Duration.days(30))
                                                .build(),
                                        Transition.builder()
                                                .storageClass(StorageClass.GLACIER)
                                                .transitionAfter(Duration.days(60))
                                                .build()))
                                .build(),
                        LifecycleRule.builder()
                                .id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                                .build(),
                        // MediaLive deletes segments that leave the window, but not those of a channel that failed
                        // or was deleted mid-broadcast; the recording (under input/) is the lasting copy.
                        expireLiveSegments(LIVE_PIPELINE_PREFIXES.get(0)),
                        expireLiveSegments(LIVE_PIPELINE_PREFIXES.get(1))))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private static LifecycleRule expireLiveSegments(String prefix) {
        return LifecycleRule.builder()
                .id("expire-" + prefix.substring(0, prefix.length() - 1))
                .prefix(prefix)
                .expiration(Duration.days(LIVE_SEGMENT_DAYS))
                .build();
    }

    Bucket media() {
        return media;
    }

    Bucket logs() {
        return logs;
    }
}
