package dev.vodflow.transcode.events;

import dev.vodflow.transcode.job.TransientException;

/** Kafka did not take an event; the state change that caused it is rolled back and tried again. */
public class EventNotPublishedException extends TransientException {

    public EventNotPublishedException(String message, Throwable cause) {
        super(message, cause);
    }
}
