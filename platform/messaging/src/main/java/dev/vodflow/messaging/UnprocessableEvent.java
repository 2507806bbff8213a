package dev.vodflow.messaging;

/**
 * A record that can never be applied, whatever the retries: it goes to the dead-letter topic at once. Services throw
 * subclasses for their own refusals (an event naming the wrong owner, say); {@link UndecodableEvent} is the codec's.
 */
public class UnprocessableEvent extends RuntimeException {

    public UnprocessableEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
