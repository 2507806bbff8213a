package dev.vodflow.notification.email;

/** The mails vodflow sends; each has {@code <template>.html}, {@code <template>.txt} and {@code <template>.subject}. */
enum MailKind {
    VIDEO_READY("video-ready"),
    VIDEO_FAILED("video-failed"),
    WEBHOOK_DISABLED("webhook-disabled"),
    DEAD_LETTER("dead-letter");

    final String template;

    MailKind(String template) {
        this.template = template;
    }
}
