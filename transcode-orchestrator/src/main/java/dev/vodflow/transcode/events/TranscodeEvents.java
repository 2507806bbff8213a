package dev.vodflow.transcode.events;

import dev.vodflow.events.VodflowEvent;
import dev.vodflow.messaging.EventNotPublished;
import dev.vodflow.messaging.EventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes transcode events through platform/messaging's {@link EventPublisher}, which waits for the broker's
 * acknowledgement: callers publish inside their database transaction, so a failed send rolls the state change back
 * and the cause is tried again, while a send followed by a failed commit only repeats an event whose deterministic id
 * consumers drop. Tests put a recorder in its place.
 */
@Component
public class TranscodeEvents {

    private final EventPublisher events;

    public TranscodeEvents(EventPublisher events) {
        this.events = events;
    }

    /** @throws EventNotPublished (transient) when the broker did not acknowledge in time */
    public void publish(VodflowEvent event) {
        events.publish(event);
    }
}
