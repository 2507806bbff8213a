package dev.vodflow.catalog.live;

import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveRecorded;
import dev.vodflow.events.LiveStarted;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.messaging.EventCodec;
import java.util.function.Consumer;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * The {@code liveChannelEvents} binding: feeds the live topics into the channel list, one record at a time (a channel
 * changes a few times a day). Failures go through platform/messaging's retry policies: a database outage is waited
 * out, anything else gets bounded retries, then {@code <topic>.catalog-service.dlt}.
 */
@Component("liveChannelEvents")
class LiveChannelConsumer implements Consumer<Message<byte[]>> {

    private final EventCodec codec;
    private final LiveChannels channels;

    LiveChannelConsumer(EventCodec codec, LiveChannels channels) {
        this.codec = codec;
        this.channels = channels;
    }

    @Override
    public void accept(Message<byte[]> message) {
        VodflowEvent event = codec.decode(message);
        if (event instanceof LiveStarted started) {
            channels.started(started);
        } else if (event instanceof LiveEnded ended) {
            channels.ended(ended);
        } else if (event instanceof LiveRecorded recorded) {
            channels.recorded(recorded);
        } else {
            throw new IllegalArgumentException(
                    "the live binding takes no " + event.getClass().getSimpleName());
        }
    }
}
