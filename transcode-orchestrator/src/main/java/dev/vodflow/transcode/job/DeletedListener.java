package dev.vodflow.transcode.job;

import dev.vodflow.events.EventType;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoDeleted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code video.deleted} and hands each event to {@link Deletions}; the offset is committed afterwards. */
class DeletedListener {

    static final String LISTENER_ID = "video-deleted";

    private final Deletions deletions;
    private final JsonMapper json;

    DeletedListener(Deletions deletions, JsonMapper json) {
        this.deletions = deletions;
        this.json = json;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.VIDEO_DELETED, groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        deletions.accept(UploadedListener.read(record, json, EventType.VIDEO_DELETED, VideoDeleted.class));
    }
}
