package dev.vodflow.upload.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * Keeps messages that are still being handled invisible to other pollers: while a slow media check or a
 * Kafka send runs, their visibility timeout is pushed out again at a fixed interval.
 */
class VisibilityHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VisibilityHeartbeat.class);
    private static final int SQS_BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration visibilityTimeout;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    VisibilityHeartbeat(SqsClient sqs, String queueUrl, Duration visibilityTimeout, Duration interval) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibilityTimeout = visibilityTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "s3-events-visibility");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::extend, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void track(String receiptHandle) {
        inFlight.add(receiptHandle);
    }

    void untrack(String receiptHandle) {
        inFlight.remove(receiptHandle);
    }

    /** Extends every tracked message's visibility to the full timeout, counted from now. */
    void extend() {
        List<String> handles = new ArrayList<>(inFlight);
        for (int from = 0; from < handles.size(); from += SQS_BATCH) {
            List<String> batch = handles.subList(from, Math.min(handles.size(), from + SQS_BATCH));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(batch.get(i))
                        .visibilityTimeout((int) visibilityTimeout.toSeconds())
                        .build());
            }
            try {
                var response = sqs.changeMessageVisibilityBatch(
                        request -> request.queueUrl(queueUrl).entries(entries));
                response.failed()
                        .forEach(failure -> log.warn(
                                "could not extend the visibility of a message: {} {}",
                                failure.code(),
                                failure.message()));
            } catch (SdkException e) {
                log.warn("could not extend the visibility of {} message(s): {}", batch.size(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
