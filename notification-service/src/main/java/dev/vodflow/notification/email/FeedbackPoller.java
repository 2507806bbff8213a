package dev.vodflow.notification.email;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Long-polls the SES feedback queue and suppresses what bounced or drew a complaint. A message is deleted once its
 * suppressions are stored; one that is not SES feedback is logged and deleted (it can never be read, so it must not
 * come back); on a database error it is left for SQS to deliver again.
 */
final class FeedbackPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedbackPoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration wait;
    private final SesFeedback feedback;
    private final Suppressions suppressions;
    private volatile Thread thread;

    FeedbackPoller(SqsClient sqs, URI queueUrl, Duration wait, SesFeedback feedback, Suppressions suppressions) {
        this.sqs = sqs;
        this.queueUrl = queueUrl.toString();
        this.wait = wait;
        this.feedback = feedback;
        this.suppressions = suppressions;
    }

    /** One receive and its handling; returns how many messages came. */
    int pollOnce() {
        List<Message> messages = sqs.receiveMessage(
                        r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds((int) wait.toSeconds()))
                .messages();
        for (Message message : messages) {
            handle(message);
        }
        return messages.size();
    }

    private void handle(Message message) {
        List<SesFeedback.Suppression> found;
        try {
            found = feedback.read(message.body());
        } catch (SesFeedback.Unreadable e) {
            log.warn("Dropped SQS message {} from the SES feedback queue: {}", message.messageId(), e.getMessage());
            delete(message);
            return;
        }
        for (SesFeedback.Suppression suppression : found) {
            suppressions.suppress(suppression.address(), suppression.reason(), suppression.detail());
            log.info("Suppressed {}: {}", suppression.address(), suppression.detail());
        }
        delete(message);
    }

    private void delete(Message message) {
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                if (thread != Thread.currentThread()) {
                    return;
                }
                log.warn("Reading the SES feedback queue failed; trying again in 5s", e);
                try {
                    Thread.sleep(5000); // a pause between failing polls, not test synchronisation
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "ses-feedback");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
