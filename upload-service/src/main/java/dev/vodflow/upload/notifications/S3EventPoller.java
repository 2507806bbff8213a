package dev.vodflow.upload.notifications;

import dev.vodflow.observability.SqsMessageAge;
import dev.vodflow.upload.AwsProperties;
import dev.vodflow.upload.UploadProperties;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Long-polls the S3-events queue on its own thread. A message is deleted only after all its records were
 * handled (and {@code video.uploaded} acknowledged); one that fails stays and comes back; a body that is
 * no S3 event is left for the queue's redrive policy to move to the DLQ.
 */
@Component
class S3EventPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(S3EventPoller.class);
    private static final String QUEUE = "s3-events";

    private final SqsClient sqs;
    private final NotificationHandler handler;
    private final UploadProperties.Notifications settings;
    private final String queueUrl;
    private final ObservationRegistry observations;
    private final SqsMessageAge age;

    private volatile boolean running;
    private Thread thread;
    private VisibilityHeartbeat heartbeat;

    S3EventPoller(
            SqsClient sqs,
            NotificationHandler handler,
            UploadProperties settings,
            AwsProperties aws,
            ObservationRegistry observations,
            SqsMessageAge age) {
        this.sqs = sqs;
        this.observations = observations;
        this.age = age;
        this.handler = handler;
        this.settings = settings.notifications();
        this.queueUrl = aws.sqs().s3EventsQueueUrl().toString();
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || running) {
            return;
        }
        running = true;
        heartbeat = new VisibilityHeartbeat(
                sqs, queueUrl, settings.visibilityTimeout(), settings.visibilityExtensionInterval());
        thread = new Thread(this::pollUntilStopped, "s3-events-poller");
        thread.start();
        log.info("polling {} for S3 notifications", queueUrl);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(settings.waitTime().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop polling before the Kafka producer and the database go away. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void pollUntilStopped() {
        while (running) {
            try {
                handle(receive());
            } catch (SdkException e) {
                if (!running) {
                    return;
                }
                log.warn(
                        "receiving from {} failed, retrying in {}: {}",
                        queueUrl,
                        settings.errorBackoff(),
                        e.toString());
                pause(settings.errorBackoff());
            } catch (RuntimeException e) {
                log.error(
                        "unexpected failure in the S3 notification poller, retrying in {}", settings.errorBackoff(), e);
                pause(settings.errorBackoff());
            }
        }
    }

    private List<Message> receive() {
        return sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                        .maxNumberOfMessages(settings.maxMessages())
                        .waitTimeSeconds((int) settings.waitTime().toSeconds())
                        .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                        .messageSystemAttributeNames(
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                                MessageSystemAttributeName.SENT_TIMESTAMP))
                .messages();
    }

    private void handle(List<Message> batch) {
        batch.forEach(message -> heartbeat.track(message.receiptHandle()));
        for (Message message : batch) {
            try {
                handle(message);
            } catch (RuntimeException e) {
                // not deleted: it becomes visible again after the visibility timeout and is retried
                log.warn(
                        "message {} (receive {}) failed and will be redelivered: {}",
                        message.messageId(),
                        receiveCount(message),
                        e.toString(),
                        e);
            } finally {
                heartbeat.untrack(message.receiptHandle());
            }
        }
    }

    /** Each message is its own trace: the video.uploaded it publishes carries it on to Kafka. */
    private void handle(Message message) {
        age.received(QUEUE, message);
        Observation.createNotStarted("vodflow.sqs.message", observations)
                .contextualName("s3-events receive")
                .lowCardinalityKeyValue("queue", QUEUE)
                .observe(() -> handleObserved(message));
    }

    private void handleObserved(Message message) {
        NotificationHandler.Result result = handler.handle(message.body());
        if (result.handled()) {
            sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            return;
        }
        log.warn(
                "message {} (receive {}) is not an S3 event notification, leaving it for the DLQ: {}",
                message.messageId(),
                receiveCount(message),
                result.malformed());
        sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl)
                .receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) settings.malformedRedeliveryDelay().toSeconds()));
    }

    private static String receiveCount(Message message) {
        return message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "?");
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
