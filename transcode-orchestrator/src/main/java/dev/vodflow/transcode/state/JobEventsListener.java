package dev.vodflow.transcode.state;

import dev.vodflow.observability.SqsMessageAge;
import dev.vodflow.observability.TraceCarrier;
import dev.vodflow.observability.VideoLogContext;
import dev.vodflow.transcode.job.JobSubmitter;
import dev.vodflow.transcode.job.TranscodeJob;
import dev.vodflow.transcode.job.TranscodeProperties;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Long-polls the SQS queue EventBridge delivers MediaConvert job state changes to. A message is deleted only
 * after its effect is committed (and its Kafka event acknowledged); one that cannot be read or applied stays,
 * comes back after the visibility timeout, and after the queue's maxReceiveCount moves to its dead-letter queue.
 */
public class JobEventsListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobEventsListener.class);
    private static final String QUEUE = "mediaconvert-events";

    /** What the listener reports to: spans and timers, the trace carried in job metadata, queue age. */
    record Observed(ObservationRegistry observations, TraceCarrier traces, SqsMessageAge age) {}

    private final SqsClient sqs;
    private final String queueUrl;
    private final StateApplier applier;
    private final JobSubmitter submitter;
    private final JsonMapper json;
    private final TranscodeProperties.JobEvents settings;
    private final Observed observed;
    private volatile boolean running;
    private volatile Thread worker;

    JobEventsListener(
            SqsClient sqs,
            String queueUrl,
            StateApplier applier,
            JobSubmitter submitter,
            JsonMapper json,
            TranscodeProperties.JobEvents settings,
            Observed observed) {
        this.observed = observed;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.applier = applier;
        this.submitter = submitter;
        this.json = json;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (running || !settings.enabled()) {
            return;
        }
        running = true;
        worker = new Thread(this::poll, "mediaconvert-events");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
            try {
                current.join(settings.waitTime().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                                .maxNumberOfMessages(settings.maxMessages())
                                .waitTimeSeconds((int) settings.waitTime().toSeconds())
                                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))
                        .messages();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Cannot receive job state events: {}", e.getMessage());
                pause();
                continue;
            }
            for (Message message : messages) {
                if (!running) {
                    return;
                }
                handle(message);
            }
        }
    }

    /**
     * Continues the trace the job was created in (its {@code traceparent} comes back in the event's user metadata), so
     * the upload's trace runs on through the job's state changes into {@code transcode.*}.
     */
    void handle(Message message) {
        observed.age.received(QUEUE, message);
        Map<String, String> trace = traceContext(message.body());
        Runnable work = () -> Observation.createNotStarted("vodflow.sqs.message", observed.observations)
                .contextualName(QUEUE + " receive")
                .lowCardinalityKeyValue("queue", QUEUE)
                .observe(() -> handleTraced(message));
        if (observed.traces == null) {
            work.run();
        } else {
            observed.traces.continueTrace(trace, "mediaconvert job state", () -> {
                work.run();
                return null;
            });
        }
    }

    private Map<String, String> traceContext(String body) {
        Map<String, String> trace = new HashMap<>();
        try {
            JsonNode metadata = json.readTree(body).path("detail").path("userMetadata");
            for (String header : List.of("traceparent", "tracestate")) {
                if (metadata.path(header).isString()) {
                    trace.put(header, metadata.path(header).asString());
                }
            }
        } catch (JacksonException e) {
            // handleTraced reports the unreadable body
        }
        return trace;
    }

    private void handleTraced(Message message) {
        JobStateChange change;
        try {
            change = JobStateEvents.parse(json, message.body());
        } catch (IllegalArgumentException e) {
            log.warn(
                    "Unreadable job state event {} left for the dead-letter queue: {}",
                    message.messageId(),
                    e.getMessage());
            return;
        }
        Optional<TranscodeJob> next;
        try (VideoLogContext.Scope video = VideoLogContext.of(change.videoId())) {
            next = applier.apply(change);
        } catch (RuntimeException e) {
            log.warn(
                    "Job state {} of job {} not applied, it will be redelivered: {}",
                    change.status(),
                    change.jobId(),
                    e.toString());
            return;
        }
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        next.ifPresent(this::submitQuietly);
    }

    /** A failed resubmission is left to the reconciler, which retries pending attempts. */
    private void submitQuietly(TranscodeJob job) {
        try {
            submitter.submit(job);
        } catch (RuntimeException e) {
            log.warn("Attempt {} of video {} not submitted yet: {}", job.attempt(), job.videoId(), e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
