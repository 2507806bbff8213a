package dev.vodflow.localaws.ses;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message as it arrived in the local mailbox over SMTP.
 *
 * @param messageId the id SES answered {@code SendEmail} with
 * @param headers the headers a test or a developer cares about ({@code List-Unsubscribe}, tags), by name
 */
public record ReceivedMail(
        String messageId,
        String from,
        List<String> to,
        String subject,
        String text,
        String html,
        Map<String, String> headers,
        Instant receivedAt) {}
