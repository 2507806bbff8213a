package dev.vodflow.transcode.job;

import dev.vodflow.events.VodflowEvent;
import dev.vodflow.transcode.events.TranscodeEvents;
import java.util.ArrayList;
import java.util.List;

/** Keeps what would have been published, in order. */
public class RecordedEvents extends TranscodeEvents {

    public final List<VodflowEvent> published = new ArrayList<>();

    public RecordedEvents() {
        super(null);
    }

    @Override
    public void publish(VodflowEvent event) {
        published.add(event);
    }

    public <T extends VodflowEvent> List<T> of(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
