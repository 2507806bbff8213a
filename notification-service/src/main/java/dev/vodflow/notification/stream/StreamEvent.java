package dev.vodflow.notification.stream;

/** One stored stream entry; {@code seq} is the SSE {@code id:} a browser resumes from. */
record StreamEvent(long seq, String ownerId, String name, String data) {}
