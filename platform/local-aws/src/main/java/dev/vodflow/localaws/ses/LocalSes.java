package dev.vodflow.localaws.ses;

import dev.vodflow.localaws.LocalAws;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Amazon SES v2 on this machine: the real SDK client, pointed at {@link #endpoint()}, sends mail that arrives over
 * SMTP in a GreenMail mailbox. The same endpoint serves the mailbox to a developer ({@code GET /}, {@code GET
 * /mailbox}). Services use the real SDK client in every mode; only this endpoint differs from production.
 */
public final class LocalSes implements AutoCloseable {

    /**
     * @param apiPort the SES API and mailbox page; 0 for any free port
     * @param smtpPort GreenMail's SMTP server; 0 for any free port
     * @param sqsEndpoint with {@code feedbackQueueUrl}, where simulator bounces and complaints are posted; both may
     *     be {@code null}
     */
    public record Config(int apiPort, int smtpPort, URI sqsEndpoint, String feedbackQueueUrl) {

        public static Config ephemeral() {
            return new Config(0, 0, null, null);
        }

        public Config withFeedbackQueue(URI sqsEndpoint, String feedbackQueueUrl) {
            return new Config(apiPort, smtpPort, sqsEndpoint, feedbackQueueUrl);
        }
    }

    private final Mailbox mailbox;
    private final SesApi api;
    private final SqsClient sqs;
    private final SimulatorFeedback feedback;

    private LocalSes(Mailbox mailbox, SesApi api, SqsClient sqs, SimulatorFeedback feedback) {
        this.mailbox = mailbox;
        this.api = api;
        this.sqs = sqs;
        this.feedback = feedback;
    }

    public static LocalSes start(Config config) {
        Mailbox mailbox = Mailbox.start(LocalAws.freePort(config.smtpPort()));
        SqsClient sqs = config.feedbackQueueUrl() == null ? null : LocalAws.sqsClient(config.sqsEndpoint());
        SimulatorFeedback feedback = new SimulatorFeedback(sqs, config.feedbackQueueUrl());
        try {
            SesApi api = SesApi.start(config.apiPort(), mailbox, feedback);
            return new LocalSes(mailbox, api, sqs, feedback);
        } catch (RuntimeException e) {
            feedback.close();
            mailbox.close();
            if (sqs != null) {
                sqs.close();
            }
            throw e;
        }
    }

    /** The SES v2 endpoint to give the SDK client ({@code endpointOverride}), and the mailbox page. */
    public URI endpoint() {
        return api.endpoint();
    }

    public int smtpPort() {
        return mailbox.smtpPort();
    }

    /** Every message delivered so far, oldest first. */
    public List<ReceivedMail> mailbox() {
        return mailbox.messages();
    }

    public void clearMailbox() {
        mailbox.clear();
    }

    /** The next {@code count} SendEmail calls fail with {@code fault} and deliver nothing. */
    public void failNext(int count, SesFault fault) {
        api.failNext(count, fault);
    }

    @Override
    public void close() {
        api.stop();
        mailbox.close();
        feedback.close();
        if (sqs != null) {
            sqs.close();
        }
    }
}
