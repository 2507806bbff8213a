package dev.vodflow.notification.intake;

import dev.vodflow.messaging.UnprocessableEvent;

/** An event that can never be taken in (it names another owner of a video): not retried, dead-lettered. */
class RejectedEvent extends UnprocessableEvent {

    RejectedEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
