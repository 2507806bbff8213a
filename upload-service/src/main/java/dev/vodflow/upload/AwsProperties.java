package dev.vodflow.upload;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the AWS services are. Production leaves endpoints, region and keys unset, so the SDK uses real
 * AWS with its default region and credentials chains; locally the endpoints point at the stand-ins.
 */
@ConfigurationProperties("vodflow.aws")
public record AwsProperties(
        String region,
        String accessKeyId,
        String secretAccessKey,
        @DefaultValue S3 s3,
        @DefaultValue Sqs sqs) {

    public AwsProperties {
        if (isBlank(accessKeyId) != isBlank(secretAccessKey)) {
            throw new IllegalArgumentException(
                    "vodflow.aws.access-key-id and vodflow.aws.secret-access-key must be set together");
        }
    }

    /** @param endpoint unset for AWS; set for a local S3, which then needs path-style addressing */
    public record S3(URI endpoint, String bucket) {
        public S3 {
            if (isBlank(bucket)) {
                throw new IllegalArgumentException("vodflow.aws.s3.bucket is required");
            }
        }
    }

    public record Sqs(URI endpoint, URI s3EventsQueueUrl) {
        public Sqs {
            if (s3EventsQueueUrl == null) {
                throw new IllegalArgumentException("vodflow.aws.sqs.s3-events-queue-url is required");
            }
        }
    }

    boolean hasStaticCredentials() {
        return !isBlank(accessKeyId);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
