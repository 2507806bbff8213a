package dev.vodflow.localaws.ses;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.Redelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SES's mailbox simulator: mail to {@code bounce@simulator.amazonses.com} bounces and mail to
 * {@code complaint@simulator.amazonses.com} draws a complaint. As production's configuration set publishes those
 * events to SNS and SNS to SQS, the stand-in posts the same SNS-wrapped SES event JSON to the feedback queue, and
 * offers it again while the queue does not take it, as SNS retries an SQS subscription.
 */
final class SimulatorFeedback implements AutoCloseable {

    static final String BOUNCE = "bounce@simulator.amazonses.com";
    static final String COMPLAINT = "complaint@simulator.amazonses.com";
    private static final Logger log = LoggerFactory.getLogger(SimulatorFeedback.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Redelivery redelivery = new Redelivery("SQS (SES feedback)");

    /** Both {@code null}: simulator mail is swallowed and no feedback is posted. */
    SimulatorFeedback(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** @return the recipients that are not simulator addresses, to be delivered as usual */
    List<String> divertSimulatorAddresses(String messageId, String from, List<String> to, Map<String, String> tags) {
        List<String> delivered = new ArrayList<>();
        for (String recipient : to) {
            switch (recipient.toLowerCase(Locale.ROOT)) {
                case BOUNCE -> post(bounce(messageId, from, to, tags, recipient));
                case COMPLAINT -> post(complaint(messageId, from, to, tags, recipient));
                default -> delivered.add(recipient);
            }
        }
        return delivered;
    }

    private ObjectNode bounce(String messageId, String from, List<String> to, Map<String, String> tags, String who) {
        ObjectNode event = json.createObjectNode();
        event.put("eventType", "Bounce");
        ObjectNode bounce = event.putObject("bounce");
        bounce.put("feedbackId", UUID.randomUUID() + "-000000");
        bounce.put("bounceType", "Permanent");
        bounce.put("bounceSubType", "General");
        ObjectNode recipient = bounce.putArray("bouncedRecipients").addObject();
        recipient.put("emailAddress", who);
        recipient.put("action", "failed");
        recipient.put("status", "5.1.1");
        recipient.put("diagnosticCode", "smtp; 550 5.1.1 user unknown");
        bounce.put("timestamp", Instant.now().toString());
        bounce.put("reportingMTA", "dns; local-ses.vodflow");
        event.set("mail", mail(messageId, from, to, tags));
        return event;
    }

    private ObjectNode complaint(String messageId, String from, List<String> to, Map<String, String> tags, String who) {
        ObjectNode event = json.createObjectNode();
        event.put("eventType", "Complaint");
        ObjectNode complaint = event.putObject("complaint");
        complaint.put("feedbackId", UUID.randomUUID() + "-000000");
        complaint.putArray("complainedRecipients").addObject().put("emailAddress", who);
        complaint.put("timestamp", Instant.now().toString());
        complaint.put("complaintFeedbackType", "abuse");
        event.set("mail", mail(messageId, from, to, tags));
        return event;
    }

    private ObjectNode mail(String messageId, String from, List<String> to, Map<String, String> tags) {
        ObjectNode mail = json.createObjectNode();
        mail.put("timestamp", Instant.now().toString());
        mail.put("source", from);
        mail.put("sendingAccountId", LocalAws.ACCOUNT_ID);
        mail.put("messageId", messageId);
        to.forEach(mail.putArray("destination")::add);
        ObjectNode tagNode = mail.putObject("tags");
        tags.forEach((name, value) -> tagNode.putArray(name).add(value));
        return mail;
    }

    /** The SNS envelope: the SES event is a JSON string in {@code Message}, as SNS delivers it to SQS. */
    private void post(ObjectNode sesEvent) {
        if (sqs == null) {
            log.info("Simulator mail got a {}, but no feedback queue is configured", sesEvent.path("eventType"));
            return;
        }
        ObjectNode envelope = json.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", UUID.randomUUID().toString());
        envelope.put("TopicArn", "arn:aws:sns:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":ses-feedback");
        envelope.put("Message", json.writeValueAsString(sesEvent));
        envelope.put("Timestamp", Instant.now().toString());
        envelope.put("SignatureVersion", "1");
        String body = json.writeValueAsString(envelope);
        redelivery.deliver(
                sesEvent.path("eventType").asString() + " feedback "
                        + envelope.path("MessageId").asString(),
                () -> sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body)));
    }

    @Override
    public void close() {
        redelivery.close();
    }
}
