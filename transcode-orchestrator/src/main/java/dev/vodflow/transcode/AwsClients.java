package dev.vodflow.transcode;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** The AWS SDK clients; the same code talks to AWS and to the local stand-ins, only endpoints differ. */
@Configuration(proxyBeanMethods = false)
class AwsClients {

    @Bean(destroyMethod = "")
    AwsCredentialsProvider awsCredentials(AwsProperties aws) {
        return aws.hasStaticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
    }

    /**
     * The SDK's own retries are off: resilience4j decides when CreateJob is tried again, so a throttled call is
     * not multiplied by the SDK's three attempts inside each of ours.
     */
    @Bean
    MediaConvertClient mediaConvertClient(AwsProperties aws, AwsCredentialsProvider credentials) {
        MediaConvertClientBuilder builder = MediaConvertClient.builder()
                .region(Region.of(aws.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(30))
                        .apiCallAttemptTimeout(Duration.ofSeconds(30)));
        if (aws.mediaconvert().endpoint() != null) {
            builder.endpointOverride(aws.mediaconvert().endpoint());
        }
        return builder.build();
    }

    @Bean
    S3Client s3Client(AwsProperties aws, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder =
                S3Client.builder().region(Region.of(aws.region())).credentialsProvider(credentials);
        if (aws.s3().endpoint() != null) {
            builder.endpointOverride(aws.s3().endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }

    @Bean
    S3Presigner s3Presigner(AwsProperties aws, AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder =
                S3Presigner.builder().region(Region.of(aws.region())).credentialsProvider(credentials);
        if (aws.s3().endpoint() != null) {
            builder.endpointOverride(aws.s3().endpoint())
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build());
        }
        return builder.build();
    }

    @Bean
    SqsClient sqsClient(AwsProperties aws, AwsCredentialsProvider credentials) {
        SqsClientBuilder builder =
                SqsClient.builder().region(Region.of(aws.region())).credentialsProvider(credentials);
        if (aws.sqs().endpoint() != null) {
            builder.endpointOverride(aws.sqs().endpoint());
        }
        return builder.build();
    }
}
