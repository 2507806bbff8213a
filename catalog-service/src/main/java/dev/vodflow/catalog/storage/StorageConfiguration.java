package dev.vodflow.catalog.storage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AwsProperties.class)
class StorageConfiguration {

    @Bean(destroyMethod = "close")
    S3Client s3Client(AwsProperties aws) {
        S3ClientBuilder builder = S3Client.builder().region(Region.of(aws.region()));
        builder.credentialsProvider(
                aws.hasStaticCredentials()
                        ? StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()))
                        : DefaultCredentialsProvider.builder().build());
        if (aws.s3().endpoint() != null) {
            builder.endpointOverride(aws.s3().endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }
}
