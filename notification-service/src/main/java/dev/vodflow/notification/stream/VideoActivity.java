package dev.vodflow.notification.stream;

import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeFailed;
import dev.vodflow.events.TranscodeProgress;
import dev.vodflow.events.VideoUploaded;
import dev.vodflow.events.VodflowEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which events a browser sees, and in what shape: upload accepted, progress percent, ready, failed. Catalog edits
 * and deletions are the owner's own actions and not streamed.
 */
@Component
public class VideoActivity {

    private final OwnerStream stream;

    VideoActivity(OwnerStream stream) {
        this.stream = stream;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(VodflowEvent event) {
        describe(event).ifPresent(entry -> stream.append(event.ownerId(), event.eventId(), entry.name(), entry.data()));
    }

    static Optional<Entry> describe(VodflowEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("videoId", event.videoId());
        data.put("occurredAt", event.occurredAt().toString());
        String name;
        if (event instanceof VideoUploaded uploaded) {
            name = "upload.accepted";
            data.put("title", uploaded.title());
            data.put("fileName", uploaded.originalFileName());
            data.put("size", uploaded.size());
        } else if (event instanceof TranscodeProgress progress) {
            name = "transcode.progress";
            data.put("percent", progress.percent());
            data.put("phase", progress.phase());
        } else if (event instanceof TranscodeCompleted completed) {
            name = "video.ready";
            data.put("durationMs", completed.durationMs());
            data.put("hlsMasterPath", completed.hlsMasterPath());
            data.put("renditions", completed.renditions().size());
        } else if (event instanceof TranscodeFailed failed) {
            name = "transcode.failed";
            data.put("errorCode", failed.errorCode());
            data.put("message", failed.message());
            data.put("retryable", failed.retryable());
        } else {
            return Optional.empty();
        }
        return Optional.of(new Entry(name, data));
    }

    record Entry(String name, Map<String, Object> data) {}
}
