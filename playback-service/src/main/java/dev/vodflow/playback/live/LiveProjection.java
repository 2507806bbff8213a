package dev.vodflow.playback.live;

import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveStarted;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Applies live.started and live.ended once each, the newest fact winning. */
@Service
public class LiveProjection {

    private final LiveChannelRepository channels;
    private final Clock clock;

    LiveProjection(LiveChannelRepository channels, Clock clock) {
        this.channels = channels;
        this.clock = clock;
    }

    @Transactional
    public void apply(LiveStarted event) {
        // cookies open live/{channelId}/* only: a playlist elsewhere could never be played, so it is refused
        String prefix = "live/" + event.channelId() + "/";
        if (!event.playlistPath().startsWith(prefix) || event.playlistPath().contains("/../")) {
            throw new IllegalArgumentException("playlistPath '" + event.playlistPath() + "' is not under " + prefix);
        }
        if (channels.recordEvent(event.eventId(), clock.instant()) == 1) {
            channels.changed(
                    event.channelId(),
                    event.ownerId(),
                    event.videoId(),
                    event.playlistPath(),
                    true,
                    event.occurredAt());
        }
    }

    @Transactional
    public void apply(LiveEnded event) {
        if (channels.recordEvent(event.eventId(), clock.instant()) == 1) {
            channels.changed(
                    event.channelId(),
                    event.ownerId(),
                    event.videoId(),
                    "live/" + event.channelId() + "/master.m3u8",
                    false,
                    event.occurredAt());
        }
    }
}
