package dev.vodflow.notification.email;

import dev.vodflow.notification.profile.EmailProfiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires e-mail. The rules (what to mail, to whom, once) always exist, so event intake can call them; sending needs
 * {@code vodflow.notification.email.enabled=true}, and reading bounces and complaints needs a feedback queue.
 */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    private static final String ENABLED = "vodflow.notification.email.enabled";
    /** One SES call may take this long; the outbox lease must exceed it. */
    private static final Duration SES_CALL_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    MailTemplates mailTemplates() {
        return new MailTemplates();
    }

    @Bean
    UnsubscribeTokens unsubscribeTokens(EmailProperties properties) {
        if (!properties.enabled()) {
            // Nothing is mailed, so no link is ever made; a random key keeps any token from verifying.
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new UnsubscribeTokens(
                    new String(Base64.getEncoder().encode(random), StandardCharsets.US_ASCII),
                    URI.create("http://unsubscribe.invalid/"));
        }
        return new UnsubscribeTokens(properties.unsubscribeSecret(), properties.unsubscribeUrl());
    }

    @Bean
    MailLinks mailLinks(EmailProperties properties, UnsubscribeTokens tokens) {
        String videoPage = properties.videoPageUrl() == null ? "{videoId}" : properties.videoPageUrl();
        return new MailLinks(videoPage, properties.posterBaseUrl(), tokens);
    }

    @Bean
    VideoMail videoMail(
            VideoTitles titles,
            EmailProfiles profiles,
            Outbox outbox,
            MailTemplates templates,
            MailLinks links,
            EmailProperties properties) {
        return new VideoMail(titles, profiles, outbox, templates, links, properties.enabled());
    }

    @Bean
    OperatorMail operatorMail(Outbox outbox, MailTemplates templates, MailLinks links, EmailProperties properties) {
        List<String> operators = properties.enabled() ? properties.operators() : List.of();
        return new OperatorMail(operators, outbox, templates, links, properties.deadLetterMailInterval());
    }

    @Bean
    DeadLetters deadLetters(OperatorMail operatorMail) {
        return new DeadLetters(operatorMail);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = ENABLED, havingValue = "true")
    SesV2Client sesClient(EmailAws aws, EmailProperties properties) {
        if (properties.lease().compareTo(SES_CALL_TIMEOUT) <= 0) {
            throw new IllegalArgumentException("vodflow.notification.email.lease (" + properties.lease()
                    + ") must exceed the SES call timeout (" + SES_CALL_TIMEOUT + ")");
        }
        var builder = SesV2Client.builder()
                .credentialsProvider(credentials(aws))
                // The outbox retries with its own back-off, and says how often; SDK retries would multiply that.
                .overrideConfiguration(
                        c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(SES_CALL_TIMEOUT));
        if (aws.region() != null && !aws.region().isBlank()) {
            builder.region(Region.of(aws.region()));
        }
        if (aws.ses().endpoint() != null) {
            builder.endpointOverride(aws.ses().endpoint());
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnProperty(name = ENABLED, havingValue = "true")
    OutboxDispatcher outboxDispatcher(
            Outbox outbox, Suppressions suppressions, SesV2Client ses, EmailProperties properties) {
        SesMailer mailer = new SesMailer(ses, properties.from(), properties.configurationSet());
        BackOff backOff = new BackOff(
                properties.backoffInitial(),
                properties.backoffMax(),
                properties.jitter(),
                () -> ThreadLocalRandom.current().nextDouble());
        return new OutboxDispatcher(outbox, suppressions, mailer, backOff, properties);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "vodflow.notification.email.feedback-queue-url")
    SqsClient feedbackSqsClient(EmailAws aws) {
        var builder = SqsClient.builder().credentialsProvider(credentials(aws));
        if (aws.region() != null && !aws.region().isBlank()) {
            builder.region(Region.of(aws.region()));
        }
        if (aws.sqs().endpoint() != null) {
            builder.endpointOverride(aws.sqs().endpoint());
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnProperty(name = "vodflow.notification.email.feedback-queue-url")
    FeedbackPoller feedbackPoller(
            SqsClient feedbackSqsClient, EmailProperties properties, JsonMapper json, Suppressions suppressions) {
        return new FeedbackPoller(
                feedbackSqsClient,
                properties.feedbackQueueUrl(),
                properties.feedbackWait(),
                new SesFeedback(json),
                suppressions);
    }

    private static AwsCredentialsProvider credentials(EmailAws aws) {
        return aws.hasStaticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
    }
}
