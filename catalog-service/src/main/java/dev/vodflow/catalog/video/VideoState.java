package dev.vodflow.catalog.video;

/** Where a video is in its life: transcoding, playable, or given up on. */
public enum VideoState {
    PROCESSING,
    READY,
    FAILED
}
