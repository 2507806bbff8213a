package dev.vodflow.transcode.job;

import dev.vodflow.observability.TraceCarrier;
import dev.vodflow.transcode.AwsProperties;
import dev.vodflow.transcode.events.TranscodeEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobConfiguration.class);

    static final String MEDIACONVERT = "mediaconvert";

    @Bean
    Ladder ladder(TranscodeProperties settings) {
        return new Ladder(settings.activeTemplate(), settings.maxSourceDuration());
    }

    @Bean
    JobRequests jobRequests(TranscodeProperties settings) {
        return new JobRequests(settings.activeTemplate(), settings.mediaconvert());
    }

    @Bean
    MediaProbe mediaProbe(S3Client s3, S3Presigner presigner, TranscodeProperties settings, JsonMapper json) {
        return new FfprobeMediaProbe(s3, presigner, settings.probe(), json);
    }

    @Bean
    MediaConvertJobs mediaConvertJobs(
            MediaConvertClient client,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            TranscodeProperties settings,
            MeterRegistry meters,
            ObservationRegistry observations,
            ObjectProvider<TraceCarrier> traces) {
        TranscodeProperties.CreateJob p = settings.createJob();
        Retry retry = retries.retry(
                MEDIACONVERT,
                RetryConfig.custom()
                        .maxAttempts(p.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                p.initialBackoff(), p.backoffMultiplier(), p.jitter(), p.maxBackoff()))
                        .retryOnException(Transience::isRetryableCall)
                        .build());
        CircuitBreaker breaker = breakers.circuitBreaker(
                MEDIACONVERT,
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(p.breakerWindow())
                        .minimumNumberOfCalls(p.breakerWindow())
                        .failureRateThreshold(p.breakerFailureRatePercent())
                        .waitDurationInOpenState(p.breakerOpenFor())
                        .permittedNumberOfCallsInHalfOpenState(2)
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        // A 4xx says nothing about the endpoint's health.
                        .recordException(Transience::isRetryableCall)
                        .build());
        retry.getEventPublisher()
                .onRetry(event -> log.info(
                        "CreateJob attempt {} failed ({}), retrying in {} ms",
                        event.getNumberOfRetryAttempts(),
                        event.getLastThrowable() == null
                                ? "?"
                                : event.getLastThrowable().getClass().getSimpleName(),
                        event.getWaitInterval().toMillis()));
        breaker.getEventPublisher()
                .onStateTransition(event -> log.warn("MediaConvert circuit breaker: {}", event.getStateTransition()));
        TraceCarrier trace = traces.getIfAvailable();
        return new MediaConvertJobs(
                client, retry, breaker, meters, observations, trace == null ? Map::of : trace::current);
    }

    @Bean
    JobSubmitter jobSubmitter(
            TranscodeJobs jobs,
            MediaProbe probe,
            Ladder ladder,
            JobRequests requests,
            MediaConvertJobs mediaConvert,
            TranscodeEvents events,
            TransactionTemplate tx,
            Clock clock,
            AwsProperties aws,
            MeterRegistry meters) {
        Timer latency = Timer.builder("transcode.submit.latency")
                .description("Time from video.uploaded to the MediaConvert job being submitted")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
        return new JobSubmitter(
                jobs,
                probe,
                ladder,
                requests,
                mediaConvert,
                events,
                tx,
                clock,
                aws.s3().bucket(),
                latency);
    }

    @Bean
    Intake intake(
            TranscodeJobs jobs, JobSubmitter submitter, Deletions deletions, TransactionTemplate tx, Clock clock) {
        return new Intake(jobs, submitter, deletions, tx, clock);
    }

    @Bean
    Deletions deletions(
            TranscodeJobs jobs,
            JdbcClient jdbc,
            MediaConvertJobs mediaConvert,
            S3Client s3,
            AwsProperties aws,
            TransactionTemplate tx,
            Clock clock) {
        return new Deletions(jobs, jdbc, mediaConvert, s3, aws.s3().bucket(), tx, clock);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
