package dev.vodflow.catalog.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The AWS settings every vodflow service shares. Production leaves the endpoint and the keys unset and
 * gets real AWS with the default credentials chain; locally they point at the stand-ins.
 */
@Validated
@ConfigurationProperties("vodflow.aws")
record AwsProperties(
        @NotBlank String region,
        String accessKeyId,
        String secretAccessKey,
        @Valid @NotNull S3 s3) {

    boolean hasStaticCredentials() {
        return accessKeyId != null && !accessKeyId.isBlank() && secretAccessKey != null;
    }

    /** @param endpoint unset for AWS; set for a local S3, which then gets path-style addressing */
    record S3(URI endpoint, @NotBlank String bucket) {}
}
