package dev.vodflow.messaging;

import dev.vodflow.events.EventType;
import dev.vodflow.events.VodflowEvent;

/**
 * The broker did not acknowledge an event in time. Nothing that depended on it should be committed or acknowledged;
 * a consumer that fails with it waits for the broker instead of dead-lettering its record.
 */
public class EventNotPublished extends RuntimeException {

    EventNotPublished(VodflowEvent event, Throwable cause) {
        super(
                EventType.of(event).topic() + " " + event.eventId() + " for video " + event.videoId()
                        + " was not acknowledged by Kafka",
                cause);
    }
}
