package dev.vodflow.transcode;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the AWS services are. Production leaves endpoints and keys unset, so the SDK talks to AWS with the
 * default credentials chain; locally and in tests they point at the stand-ins.
 */
@Validated
@ConfigurationProperties("vodflow.aws")
public record AwsProperties(
        String region, String accessKeyId, String secretAccessKey, S3 s3, Sqs sqs, MediaConvert mediaconvert) {

    public AwsProperties {
        region = region == null || region.isBlank() ? "us-east-1" : region;
        s3 = s3 == null ? new S3(null, null) : s3;
        sqs = sqs == null ? new Sqs(null, null) : sqs;
        mediaconvert = mediaconvert == null ? new MediaConvert(null) : mediaconvert;
    }

    public record S3(URI endpoint, String bucket) {}

    public record Sqs(URI endpoint, String mediaconvertEventsQueueUrl) {}

    public record MediaConvert(URI endpoint) {}

    boolean hasStaticCredentials() {
        return accessKeyId != null && !accessKeyId.isBlank() && secretAccessKey != null && !secretAccessKey.isBlank();
    }
}
