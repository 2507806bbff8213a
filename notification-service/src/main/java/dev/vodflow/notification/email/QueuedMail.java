package dev.vodflow.notification.email;

import java.util.UUID;

/** A mail this instance claimed for sending; {@code attempt} is the number of the attempt about to be made. */
record QueuedMail(
        UUID id,
        String dedupKey,
        MailKind kind,
        String recipient,
        String subject,
        String text,
        String html,
        String unsubscribeUrl,
        int attempt) {}
