package dev.vodflow.live;

import dev.vodflow.live.encoder.SrtListenerSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The AWS SDK clients; the same code talks to AWS and to the local stand-ins, only endpoints differ. */
@Configuration(proxyBeanMethods = false)
class AwsClients {

    @Bean
    AwsCredentialsProvider awsCredentials(LiveProperties settings) {
        LiveProperties.Aws aws = settings.aws();
        if (aws.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Bean
    S3Client s3Client(LiveProperties settings, AwsCredentialsProvider credentials) {
        LiveProperties.Aws aws = settings.aws();
        var builder = S3Client.builder().credentialsProvider(credentials);
        if (aws.region() != null && !aws.region().isBlank()) {
            builder.region(Region.of(aws.region()));
        }
        if (aws.s3().endpoint() != null) {
            builder.endpointOverride(aws.s3().endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }

    @Bean
    MediaLiveClient mediaLiveClient(LiveProperties settings, AwsCredentialsProvider credentials) {
        LiveProperties.Aws aws = settings.aws();
        var builder = MediaLiveClient.builder()
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new SrtListenerSettings()));
        if (aws.region() != null && !aws.region().isBlank()) {
            builder.region(Region.of(aws.region()));
        }
        if (aws.medialive().endpoint() != null) {
            builder.endpointOverride(aws.medialive().endpoint());
        }
        return builder.build();
    }
}
