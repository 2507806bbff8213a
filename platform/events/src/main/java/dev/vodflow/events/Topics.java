package dev.vodflow.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Kafka topic names. Every record is keyed by video id, so the events of one video stay in order. */
public final class Topics {

    public static final String VIDEO_UPLOADED = "video.uploaded";
    public static final String TRANSCODE_PROGRESS = "transcode.progress";
    public static final String TRANSCODE_COMPLETED = "transcode.completed";
    public static final String TRANSCODE_FAILED = "transcode.failed";
    public static final String VIDEO_UPDATED = "video.updated";
    public static final String VIDEO_DELETED = "video.deleted";

    /**
     * The live topics: their events name a video too, the broadcast, whose recording becomes the video of that id,
     * and are keyed by it; each also names its channel.
     */
    public static final String LIVE_STARTED = "live.started";

    public static final String LIVE_ENDED = "live.ended";
    public static final String LIVE_RECORDED = "live.recorded";

    /** The CloudEvents {@code source} of each producing service. */
    public static final String UPLOAD_SERVICE = "/vodflow/upload-service";

    public static final String TRANSCODE_ORCHESTRATOR = "/vodflow/transcode-orchestrator";
    public static final String CATALOG_SERVICE = "/vodflow/catalog-service";
    public static final String LIVE_SERVICE = "/vodflow/live-service";

    /** Partitions of every event topic: the local broker and production declare the same number. */
    public static final int PARTITIONS = 3;

    /**
     * Every event topic with its retention and owner. The durable history (uploads, outcomes, edits, deletions) is
     * kept for ever so that every projection can be rebuilt by replay; progress only matters while a job runs.
     */
    public static final List<TopicSpec> ALL = List.of(
            forever(VIDEO_UPLOADED, UPLOAD_SERVICE),
            new TopicSpec(TRANSCODE_PROGRESS, PARTITIONS, Optional.of(Duration.ofDays(7)), TRANSCODE_ORCHESTRATOR),
            forever(TRANSCODE_COMPLETED, TRANSCODE_ORCHESTRATOR),
            forever(TRANSCODE_FAILED, TRANSCODE_ORCHESTRATOR),
            forever(VIDEO_UPDATED, CATALOG_SERVICE),
            forever(VIDEO_DELETED, CATALOG_SERVICE),
            // a channel's state is rebuilt by replay like a video's, so its history is kept as long
            forever(LIVE_STARTED, LIVE_SERVICE),
            forever(LIVE_ENDED, LIVE_SERVICE),
            forever(LIVE_RECORDED, LIVE_SERVICE));

    /** The declaration of one topic by name. */
    public static TopicSpec spec(String name) {
        return ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no such topic: " + name));
    }

    private static TopicSpec forever(String name, String owner) {
        return new TopicSpec(name, PARTITIONS, Optional.empty(), owner);
    }

    private Topics() {}
}
