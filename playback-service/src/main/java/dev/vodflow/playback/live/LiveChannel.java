package dev.vodflow.playback.live;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A channel as playback knows it.
 *
 * @param playlistPath object key of the live multivariant playlist, always under {@code live/{channelId}/}
 * @param changedAt when the newest start or end kept here happened; an older event never overrides it
 */
@Table("live_channel")
public record LiveChannel(
        @Id String channelId,
        String ownerId,
        String broadcastId,
        String playlistPath,
        boolean live,
        Instant changedAt) {}
