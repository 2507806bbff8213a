package dev.vodflow.notification.email;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The AWS side of e-mail. Production leaves endpoints and keys unset (the SDK's default chains find the region and
 * the task role); locally the endpoints point at the SES and SQS stand-ins.
 */
@ConfigurationProperties("vodflow.aws")
record EmailAws(
        String region,
        String accessKeyId,
        String secretAccessKey,
        @DefaultValue Ses ses,
        @DefaultValue Sqs sqs) {

    record Ses(URI endpoint) {}

    record Sqs(URI endpoint) {}

    boolean hasStaticCredentials() {
        return accessKeyId != null && !accessKeyId.isBlank();
    }
}
