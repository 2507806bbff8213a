package dev.vodflow.transcode.job;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.ListJobsRequest;
import software.amazon.awssdk.services.mediaconvert.model.Order;

/**
 * MediaConvert behind resilience4j: CreateJob is retried with exponential backoff and jitter on transient
 * failures and never on a 4xx; every call passes the circuit breaker, which opens when the endpoint keeps
 * failing and then refuses calls at once ({@link CallNotPermittedException}) so callers can hold their work.
 */
public class MediaConvertJobs {

    static final String ATTEMPTS = "transcode.createjob.attempts";

    private final MediaConvertClient client;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final Counter rejected;
    private final ObservationRegistry observations;
    private final Supplier<Map<String, String>> traceContext;

    public MediaConvertJobs(MediaConvertClient client, Retry retry, CircuitBreaker breaker, MeterRegistry meters) {
        this(client, retry, breaker, meters, ObservationRegistry.NOOP, Map::of);
    }

    /**
     * @param traceContext the current trace as W3C headers ({@code traceparent}); they go into the job's user metadata,
     *     which MediaConvert hands back in every job state event, so the job's events continue the upload's trace
     */
    public MediaConvertJobs(
            MediaConvertClient client,
            Retry retry,
            CircuitBreaker breaker,
            MeterRegistry meters,
            ObservationRegistry observations,
            Supplier<Map<String, String>> traceContext) {
        this.observations = observations;
        this.traceContext = traceContext;
        this.client = client;
        this.retry = retry;
        this.breaker = breaker;
        this.meters = meters;
        this.rejected = Counter.builder("transcode.createjob.rejected")
                .description("CreateJob calls not made because the circuit breaker was open")
                .register(meters);
    }

    /** Creates the job, or returns the job created earlier with the same client request token. */
    public Job createJob(CreateJobRequest request) {
        return observe("CreateJob", () -> createObserved(request));
    }

    private Job createObserved(CreateJobRequest request) {
        Supplier<Job> call = () -> {
            try {
                Job job = client.createJob(withTraceContext(request)).job();
                count("success");
                return job;
            } catch (SdkServiceException e) {
                count(
                        e.statusCode() == 429 || e.isThrottlingException()
                                ? "throttled"
                                : e.statusCode() >= 500 ? "server_error" : "client_error");
                throw e;
            } catch (SdkClientException e) {
                count("connection_error");
                throw e;
            }
        };
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call))
                    .get();
        } catch (CallNotPermittedException e) {
            rejected.increment();
            throw e;
        }
    }

    /**
     * The job an earlier {@code request} created, if MediaConvert still lists it: the newest job of the request's
     * queue whose user metadata holds all of the request's, created at or after {@code notBefore}. Jobs are listed
     * newest first, so the search stops at the first older one.
     */
    public Optional<Job> findCreated(CreateJobRequest request, Instant notBefore) {
        return observe(
                "ListJobs",
                () -> breaker.executeSupplier(() -> {
                    ListJobsRequest.Builder list = ListJobsRequest.builder().order(Order.DESCENDING);
                    if (request.queue() != null) {
                        list.queue(request.queue());
                    }
                    for (Job job : client.listJobsPaginator(list.build()).jobs()) {
                        if (job.createdAt() != null && job.createdAt().isBefore(notBefore)) {
                            return Optional.<Job>empty();
                        }
                        if (job.hasUserMetadata()
                                && job.userMetadata()
                                        .entrySet()
                                        .containsAll(request.userMetadata().entrySet())) {
                            return Optional.of(job);
                        }
                    }
                    return Optional.<Job>empty();
                }));
    }

    public Job getJob(String jobId) {
        return observe(
                "GetJob",
                () -> breaker.executeSupplier(
                        () -> client.getJob(b -> b.id(jobId)).job()));
    }

    public void cancelJob(String jobId) {
        observe("CancelJob", () -> {
            breaker.executeRunnable(() -> client.cancelJob(b -> b.id(jobId)));
            return null;
        });
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** One span and one timer ({@code vodflow.mediaconvert.call{operation}}) per call, retries included. */
    private <T> T observe(String operation, Supplier<T> call) {
        return Observation.createNotStarted("vodflow.mediaconvert.call", observations)
                .contextualName("mediaconvert " + operation)
                .lowCardinalityKeyValue("operation", operation)
                .observe(call);
    }

    /**
     * The request with the current trace added to its user metadata. The idempotency match in {@link #findCreated}
     * compares the request's own entries only, so a retry in another trace still finds the job.
     */
    private CreateJobRequest withTraceContext(CreateJobRequest request) {
        Map<String, String> trace = traceContext.get();
        if (trace.isEmpty()) {
            return request;
        }
        Map<String, String> metadata = new LinkedHashMap<>(trace);
        metadata.putAll(request.userMetadata());
        return request.toBuilder().userMetadata(metadata).build();
    }

    private void count(String outcome) {
        Counter.builder(ATTEMPTS)
                .description("CreateJob calls made to MediaConvert, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
