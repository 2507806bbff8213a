package dev.vodflow.events;

/** Kafka topic names. Every record is keyed by video id, so the events of one video stay in order. */
public final class Topics {

    public static final String VIDEO_UPLOADED = "video.uploaded";
    public static final String TRANSCODE_PROGRESS = "transcode.progress";
    public static final String TRANSCODE_COMPLETED = "transcode.completed";
    public static final String TRANSCODE_FAILED = "transcode.failed";
    public static final String VIDEO_UPDATED = "video.updated";
    public static final String VIDEO_DELETED = "video.deleted";

    private Topics() {}
}
