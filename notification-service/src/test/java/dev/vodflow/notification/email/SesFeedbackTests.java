package dev.vodflow.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SesFeedbackTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SesFeedback feedback = new SesFeedback(json);

    /** An SES event as SNS delivers it to SQS: the event is a JSON string inside the envelope. */
    private String viaSns(String sesEvent) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", "5d3b");
        envelope.put("TopicArn", "arn:aws:sns:eu-west-1:123456789012:ses-feedback");
        envelope.put("Message", sesEvent);
        return json.writeValueAsString(envelope);
    }

    private static String bounce(String type, String address) {
        return """
                {"eventType":"Bounce","bounce":{"bounceType":"%s","bounceSubType":"General",
                 "bouncedRecipients":[{"emailAddress":"%s","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],
                 "timestamp":"2026-12-01T20:00:00.000Z","feedbackId":"0100"},
                 "mail":{"messageId":"0100abc","destination":["%s"]}}
                """.formatted(type, address, address);
    }

    @Test
    void aPermanentBounceSuppressesTheAddress() {
        List<SesFeedback.Suppression> found = feedback.read(viaSns(bounce("Permanent", "gone@example.com")));

        assertThat(found).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo("gone@example.com");
            assertThat(s.reason()).isEqualTo(Suppressions.Reason.BOUNCE);
            assertThat(s.detail()).contains("550 5.1.1");
        });
    }

    @Test
    void aTransientBounceSuppressesNothing() {
        assertThat(feedback.read(viaSns(bounce("Transient", "full@example.com"))))
                .isEmpty();
    }

    @Test
    void aComplaintSuppressesTheAddress() {
        String complaint = """
                {"eventType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"angry@example.com"}],
                 "complaintFeedbackType":"abuse","timestamp":"2026-12-01T20:00:00.000Z"},"mail":{"messageId":"1"}}
                """;

        assertThat(feedback.read(viaSns(complaint)))
                .extracting(SesFeedback.Suppression::address, SesFeedback.Suppression::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("angry@example.com", Suppressions.Reason.COMPLAINT));
    }

    @Test
    void identityNotificationsAndRawDeliveryAreReadToo() {
        String identityNotification =
                bounce("Permanent", "old@example.com").replace("\"eventType\"", "\"notificationType\"");

        assertThat(feedback.read(identityNotification))
                .extracting(SesFeedback.Suppression::address)
                .containsExactly("old@example.com");
    }

    @Test
    void deliveriesAndSubscriptionConfirmationsSuppressNothing() {
        assertThat(feedback.read(viaSns("{\"eventType\":\"Delivery\",\"mail\":{\"messageId\":\"1\"}}")))
                .isEmpty();
        assertThat(feedback.read("{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"You have chosen...\"}"))
                .isEmpty();
    }

    @Test
    void somethingThatIsNotSesFeedbackIsRefusedWithTheReason() {
        assertThatThrownBy(() -> feedback.read("not json"))
                .isInstanceOf(SesFeedback.Unreadable.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> feedback.read(viaSns("{\"hello\":1}")))
                .isInstanceOf(SesFeedback.Unreadable.class)
                .hasMessageContaining("not an SES event");
        assertThatThrownBy(() ->
                        feedback.read(viaSns("{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\"}}")))
                .isInstanceOf(SesFeedback.Unreadable.class)
                .hasMessageContaining("bouncedRecipients");
    }
}
