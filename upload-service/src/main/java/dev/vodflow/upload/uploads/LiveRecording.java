package dev.vodflow.upload.uploads;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live broadcast's recording, which live-service's encoder writes into the watch folder as
 * {@code input/live/{ownerId}/{videoId}/{name}.000000.ts}: it becomes the channel owner's video with the
 * broadcast's id, so the catalog entry matches what {@code live.recorded} announced. Only services with write
 * access to the bucket can put objects there; viewers' presigned URLs name other keys.
 */
record LiveRecording(String ownerId, String videoId, String title) {

    private static final Pattern KEY = Pattern.compile(
            "input/live/([^/]+)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/([^/]+)");

    static Optional<LiveRecording> of(String key) {
        Matcher matcher = KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        // "morning-show.000000.ts": the archive's rollover index and extension are no part of the title
        String name = matcher.group(3).replaceFirst("(\\.\\d{6})?\\.[A-Za-z0-9]+$", "");
        String title = name.replace('-', ' ').strip();
        return Optional.of(new LiveRecording(matcher.group(1), matcher.group(2), title.isEmpty() ? name : title));
    }
}
