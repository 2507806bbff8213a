package dev.vodflow.notification.intake;

/** A record that can never be taken in (not a CloudEvent, unknown type, malformed body): not retried, dead-lettered. */
class RejectedEvent extends RuntimeException {

    RejectedEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
