package dev.vodflow.live.events;

import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveRecorded;
import dev.vodflow.events.LiveStarted;
import dev.vodflow.messaging.EventPublisher;
import org.springframework.stereotype.Component;

/**
 * The live events, published through platform/messaging's {@link EventPublisher}: acknowledged by the broker before
 * a channel's state is reported changed. Records are keyed by video id like every other topic: the broadcast's, which
 * its recording keeps, so one broadcast's events share a partition. Consumers order a channel's broadcasts by
 * {@code occurredAt}.
 */
@Component
public class LiveEventPublisher {

    private final EventPublisher events;

    LiveEventPublisher(EventPublisher events) {
        this.events = events;
    }

    public void started(LiveStarted event) {
        events.publish(event);
    }

    public void ended(LiveEnded event) {
        events.publish(event);
    }

    public void recorded(LiveRecorded event) {
        events.publish(event);
    }
}
