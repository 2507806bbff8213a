package dev.vodflow.live.channel;

/** A channel is IDLE until first started, LIVE while its encoder runs, ENDED once stopped (it may start again). */
public enum ChannelState {
    IDLE,
    LIVE,
    ENDED
}
