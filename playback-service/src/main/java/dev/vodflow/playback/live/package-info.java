/** Live channels: which are on air, from live.started and live.ended, so viewers get cookies for live/{channelId}/. */
package dev.vodflow.playback.live;
