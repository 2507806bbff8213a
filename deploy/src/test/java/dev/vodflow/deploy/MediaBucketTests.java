package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

class MediaBucketTests {

    private final String media =
            Resources.logicalId(Synthesized.stack().bucket().media());
    private final String logs = Resources.logicalId(Synthesized.stack().bucket().logs());

    @Test
    void blocksAllFourKindsOfPublicAccessAndEncrypts() {
        for (String bucket : List.of(media, logs)) {
            Map<String, Object> properties = Resources.properties(bucket);
            assertThat(properties.get("PublicAccessBlockConfiguration"))
                    .isEqualTo(Map.of(
                            "BlockPublicAcls", true,
                            "BlockPublicPolicy", true,
                            "IgnorePublicAcls", true,
                            "RestrictPublicBuckets", true));
            assertThat(properties).containsKey("BucketEncryption");
        }
    }

    @Test
    void deniesEveryRequestWithoutTls() {
        Synthesized.template()
                .hasResourceProperties(
                        "AWS::S3::BucketPolicy",
                        Map.of(
                                "Bucket",
                                Map.of("Ref", media),
                                "PolicyDocument",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Effect", "Deny",
                                                "Action", "s3:*",
                                                "Condition",
                                                        Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void letsTheWebOriginUploadAndReadTheEtagOfEachPart() {
        assertThat(Resources.properties(media).get("CorsConfiguration"))
                .isEqualTo(Map.of(
                        "CorsRules",
                        List.of(Map.of(
                                "AllowedHeaders", List.of("*"),
                                "AllowedMethods", List.of("PUT", "GET", "HEAD"),
                                "AllowedOrigins", List.of(Map.of("Ref", "WebOrigin")),
                                "ExposedHeaders", List.of("ETag"),
                                "MaxAge", 3000))));
    }

    @Test
    void agesSourcesToInfrequentAccessThenGlacierAbortsStaleMultipartUploadsAndExpiresLeftoverLiveSegments() {
        assertThat(Resources.properties(media).get("LifecycleConfiguration"))
                .isEqualTo(Map.of(
                        "Rules",
                        List.of(
                                Map.of(
                                        "Id", "age-sources",
                                        "Prefix", "input/",
                                        "Status", "Enabled",
                                        "Transitions",
                                                List.of(
                                                        Map.of("StorageClass", "STANDARD_IA", "TransitionInDays", 30),
                                                        Map.of("StorageClass", "GLACIER", "TransitionInDays", 60))),
                                Map.of(
                                        "Id", "abort-incomplete-uploads",
                                        "Status", "Enabled",
                                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7)),
                                Map.of(
                                        "Id",
                                        "expire-live-a",
                                        "Prefix",
                                        "live-a/",
                                        "Status",
                                        "Enabled",
                                        "ExpirationInDays",
                                        1),
                                Map.of(
                                        "Id",
                                        "expire-live-b",
                                        "Prefix",
                                        "live-b/",
                                        "Status",
                                        "Enabled",
                                        "ExpirationInDays",
                                        1))));
    }

    @Test
    void logsAccessToTheLogBucket() {
        assertThat(Resources.properties(media).get("LoggingConfiguration"))
                .isEqualTo(Map.of("DestinationBucketName", Map.of("Ref", logs), "LogFilePrefix", "s3/media/"));
    }
}
