package dev.vodflow.notification.email;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one SES feedback message as SNS delivers it to SQS (the SES event JSON as a string in the envelope's
 * {@code Message}; raw delivery without the envelope works too) into the addresses to suppress. A permanent bounce
 * and a complaint suppress; a transient bounce (full mailbox, out-of-office) and every other event type do not.
 */
final class SesFeedback {

    /** An address to stop mailing, and why. */
    record Suppression(String address, Suppressions.Reason reason, String detail) {}

    /** A message that is not SES feedback at all: logged and dropped, never retried. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    private final JsonMapper json;

    SesFeedback(JsonMapper json) {
        this.json = json;
    }

    List<Suppression> read(String body) {
        JsonNode event = parse(body, "the SQS message body");
        if (event.has("Type") && event.has("Message")) {
            if (!"Notification".equals(event.path("Type").asString())) {
                return List.of(); // SubscriptionConfirmation and the like: not feedback
            }
            event = parse(event.path("Message").asString(), "the SNS envelope's Message");
        }
        String type = event.hasNonNull("eventType")
                ? event.path("eventType").asString()
                : event.path("notificationType").asString("");
        List<Suppression> suppressions = new ArrayList<>();
        switch (type) {
            case "Bounce" -> {
                JsonNode bounce = event.path("bounce");
                String bounceType = bounce.path("bounceType").asString("");
                if (bounceType.isEmpty()) {
                    throw new Unreadable("a Bounce event without bounce.bounceType");
                }
                if (bounceType.equals("Permanent")) {
                    for (JsonNode recipient : recipients(bounce, "bouncedRecipients")) {
                        suppressions.add(new Suppression(
                                recipient.path("emailAddress").asString(),
                                Suppressions.Reason.BOUNCE,
                                "permanent bounce ("
                                        + bounce.path("bounceSubType").asString("General") + "): "
                                        + recipient.path("diagnosticCode").asString("no diagnostic")));
                    }
                }
            }
            case "Complaint" -> {
                JsonNode complaint = event.path("complaint");
                for (JsonNode recipient : recipients(complaint, "complainedRecipients")) {
                    suppressions.add(new Suppression(
                            recipient.path("emailAddress").asString(),
                            Suppressions.Reason.COMPLAINT,
                            "complaint: "
                                    + complaint.path("complaintFeedbackType").asString("unspecified")));
                }
            }
            case "" -> throw new Unreadable("neither eventType nor notificationType is set: not an SES event");
            default -> {
                // Send, Delivery, Reject, Open, Click, DeliveryDelay...: nothing to suppress.
            }
        }
        return suppressions;
    }

    private static List<JsonNode> recipients(JsonNode feedback, String field) {
        JsonNode list = feedback.path(field);
        if (!list.isArray() || list.isEmpty()) {
            throw new Unreadable("the event has no " + field);
        }
        List<JsonNode> recipients = new ArrayList<>();
        for (JsonNode recipient : list) {
            String address = recipient.path("emailAddress").asString("");
            if (!address.contains("@")) {
                throw new Unreadable(field + " holds '" + address + "', which is not an address");
            }
            recipients.add(recipient);
        }
        return recipients;
    }

    private JsonNode parse(String text, String what) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new Unreadable(what + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new Unreadable(what + " is not JSON: " + e.getOriginalMessage());
        }
    }
}
