package dev.vodflow.catalog.live;

import dev.vodflow.catalog.events.EventCodec;
import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveRecorded;
import dev.vodflow.events.LiveStarted;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VodflowEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the live topics into the channel list, one record at a time (a channel changes a few times a day). Failures
 * go through the catalog's error handler: bounded retries, then the dead-letter topic.
 */
@Component
class LiveChannelListener {

    private final EventCodec codec;
    private final LiveChannels channels;

    LiveChannelListener(EventCodec codec, LiveChannels channels) {
        this.codec = codec;
        this.channels = channels;
    }

    @KafkaListener(
            id = "catalog-live",
            idIsGroup = false,
            topics = {Topics.LIVE_STARTED, Topics.LIVE_ENDED, Topics.LIVE_RECORDED})
    void on(ConsumerRecord<String, byte[]> record) {
        VodflowEvent event = codec.decode(record);
        if (event instanceof LiveStarted started) {
            channels.started(started);
        } else if (event instanceof LiveEnded ended) {
            channels.ended(ended);
        } else if (event instanceof LiveRecorded recorded) {
            channels.recorded(recorded);
        } else {
            throw new IllegalArgumentException(
                    "the live listener takes no " + event.getClass().getSimpleName());
        }
    }
}
