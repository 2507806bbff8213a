package dev.vodflow.events;

import java.util.Arrays;
import java.util.Optional;

/** Each event's CloudEvents type, topic and payload class. A breaking change is a new constant with a new version. */
public enum EventType {
    VIDEO_UPLOADED("dev.vodflow.video.uploaded.v1", Topics.VIDEO_UPLOADED, VideoUploaded.class),
    TRANSCODE_PROGRESS("dev.vodflow.transcode.progress.v1", Topics.TRANSCODE_PROGRESS, TranscodeProgress.class),
    TRANSCODE_COMPLETED("dev.vodflow.transcode.completed.v1", Topics.TRANSCODE_COMPLETED, TranscodeCompleted.class),
    TRANSCODE_FAILED("dev.vodflow.transcode.failed.v1", Topics.TRANSCODE_FAILED, TranscodeFailed.class),
    VIDEO_UPDATED("dev.vodflow.video.updated.v1", Topics.VIDEO_UPDATED, VideoUpdated.class),
    VIDEO_DELETED("dev.vodflow.video.deleted.v1", Topics.VIDEO_DELETED, VideoDeleted.class),
    LIVE_STARTED("dev.vodflow.live.started.v1", Topics.LIVE_STARTED, LiveStarted.class),
    LIVE_ENDED("dev.vodflow.live.ended.v1", Topics.LIVE_ENDED, LiveEnded.class),
    LIVE_RECORDED("dev.vodflow.live.recorded.v1", Topics.LIVE_RECORDED, LiveRecorded.class);

    private final String type;
    private final String topic;
    private final Class<? extends VodflowEvent> payloadClass;

    EventType(String type, String topic, Class<? extends VodflowEvent> payloadClass) {
        this.type = type;
        this.topic = topic;
        this.payloadClass = payloadClass;
    }

    /** The CloudEvents {@code type} attribute, for example {@code dev.vodflow.video.uploaded.v1}. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends VodflowEvent> payloadClass() {
        return payloadClass;
    }

    /** The JSON Schema of the payload, on the classpath of this module. */
    public String schemaResource() {
        return "/schemas/" + type + ".json";
    }

    public static EventType of(VodflowEvent event) {
        for (EventType candidate : values()) {
            if (candidate.payloadClass.isInstance(event)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no event type for " + event.getClass().getName());
    }

    public static Optional<EventType> fromType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
