package dev.vodflow.events;

/** Who may watch a video: only its owner, anyone with the link, or anyone. */
public enum Visibility {
    PRIVATE,
    UNLISTED,
    PUBLIC
}
