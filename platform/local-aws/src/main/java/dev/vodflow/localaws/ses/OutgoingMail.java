package dev.vodflow.localaws.ses;

import java.util.List;
import java.util.Map;

/** A {@code Content.Simple} message as SendEmail described it. */
record OutgoingMail(
        String messageId,
        String from,
        List<String> to,
        String subject,
        String text,
        String html,
        Map<String, String> headers) {}
