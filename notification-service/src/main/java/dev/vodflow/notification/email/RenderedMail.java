package dev.vodflow.notification.email;

/** A mail as it will be sent: the subject and both bodies, in the recipient's language. */
record RenderedMail(String subject, String text, String html) {}
