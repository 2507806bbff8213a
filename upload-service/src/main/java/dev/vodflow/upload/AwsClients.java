package dev.vodflow.upload;

import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The AWS SDK clients; the same code talks to AWS and to the local stand-ins, only endpoints differ. */
@Configuration(proxyBeanMethods = false)
class AwsClients {

    @Bean
    AwsCredentialsProvider awsCredentials(AwsProperties aws) {
        if (aws.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Bean
    S3Client s3Client(AwsProperties aws, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder().credentialsProvider(credentials);
        withRegion(aws, builder::region);
        if (aws.s3().endpoint() != null) {
            builder.endpointOverride(aws.s3().endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }

    @Bean
    S3Presigner s3Presigner(AwsProperties aws, AwsCredentialsProvider credentials) {
        var builder = S3Presigner.builder().credentialsProvider(credentials);
        withRegion(aws, builder::region);
        if (aws.s3().endpoint() != null) {
            builder.endpointOverride(aws.s3().endpoint())
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build());
        }
        return builder.build();
    }

    @Bean
    SqsClient sqsClient(AwsProperties aws, AwsCredentialsProvider credentials) {
        var builder = SqsClient.builder().credentialsProvider(credentials);
        withRegion(aws, builder::region);
        if (aws.sqs().endpoint() != null) {
            builder.endpointOverride(aws.sqs().endpoint());
        }
        return builder.build();
    }

    private static void withRegion(AwsProperties aws, Consumer<Region> region) {
        if (aws.region() != null && !aws.region().isBlank()) {
            region.accept(Region.of(aws.region()));
        }
    }
}
