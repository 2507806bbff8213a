package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.BadRequestException;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobResponse;
import software.amazon.awssdk.services.mediaconvert.model.InternalServerErrorException;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.TooManyRequestsException;

class MediaConvertJobsTests {

    /** Answers CreateJob from a script of outcomes, counting the calls that reached it. */
    static final class ScriptedMediaConvert implements MediaConvertClient {

        final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
        int calls;

        @Override
        public CreateJobResponse createJob(CreateJobRequest request) {
            calls++;
            Supplier<RuntimeException> next = failures.poll();
            if (next != null) {
                throw next.get();
            }
            return CreateJobResponse.builder()
                    .job(Job.builder().id("job-" + request.clientRequestToken()).build())
                    .build();
        }

        @Override
        public String serviceName() {
            return "mediaconvert";
        }

        @Override
        public void close() {}
    }

    private final ScriptedMediaConvert client = new ScriptedMediaConvert();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreaker breaker = CircuitBreaker.of(
            "mc",
            CircuitBreakerConfig.custom()
                    .slidingWindowSize(4)
                    .minimumNumberOfCalls(4)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofMinutes(1))
                    .recordException(Transience::isRetryableCall)
                    .build());
    private final MediaConvertJobs jobs = new MediaConvertJobs(
            client,
            Retry.of(
                    "mc",
                    RetryConfig.custom()
                            .maxAttempts(4)
                            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                    Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(5)))
                            .retryOnException(Transience::isRetryableCall)
                            .build()),
            breaker,
            meters);

    private static CreateJobRequest request() {
        return CreateJobRequest.builder().clientRequestToken("t1").build();
    }

    private double attempts(String outcome) {
        var counter =
                meters.find(MediaConvertJobs.ATTEMPTS).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void throttlingIsRetriedUntilTheJobIsCreated() {
        client.failures.add(() -> TooManyRequestsException.builder()
                .statusCode(429)
                .message("slow down")
                .build());
        client.failures.add(() -> InternalServerErrorException.builder()
                .statusCode(500)
                .message("oops")
                .build());
        client.failures.add(() -> SdkClientException.create("connection reset"));

        Job job = jobs.createJob(request());

        assertThat(job.id()).isEqualTo("job-t1");
        assertThat(client.calls).isEqualTo(4);
        assertThat(attempts("throttled")).isEqualTo(1);
        assertThat(attempts("server_error")).isEqualTo(1);
        assertThat(attempts("connection_error")).isEqualTo(1);
        assertThat(attempts("success")).isEqualTo(1);
    }

    @Test
    void aBadRequestIsNeverRetried() {
        client.failures.add(() -> BadRequestException.builder()
                .statusCode(400)
                .message("bad width")
                .build());

        assertThatThrownBy(() -> jobs.createJob(request())).isInstanceOf(BadRequestException.class);
        assertThat(client.calls).isEqualTo(1);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void attemptsAreBoundedAndTheBreakerOpensThenRefusesWithoutCalling() {
        for (int i = 0; i < 10; i++) {
            client.failures.add(() -> TooManyRequestsException.builder()
                    .statusCode(429)
                    .message("slow down")
                    .build());
        }

        assertThatThrownBy(() -> jobs.createJob(request())).isInstanceOf(TooManyRequestsException.class);
        assertThat(client.calls).isEqualTo(4);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> jobs.createJob(request())).isInstanceOf(CallNotPermittedException.class);
        assertThat(client.calls).isEqualTo(4);
        assertThat(Transience.isTransient(new CallNotPermittedExceptionHolder().get(breaker)))
                .isTrue();
    }

    /** CallNotPermittedException has no public constructor; the breaker makes one. */
    static final class CallNotPermittedExceptionHolder {
        Throwable get(CircuitBreaker open) {
            try {
                open.acquirePermission();
                return null;
            } catch (CallNotPermittedException e) {
                return e;
            }
        }
    }
}
