package dev.vodflow.playback.session;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Settings as a test needs them. */
final class PlaybackFixtures {

    private PlaybackFixtures() {}

    static PlaybackProperties properties(String activeKeyId, List<PlaybackProperties.Key> keys, long cacheSize) {
        return new PlaybackProperties(
                URI.create("https://cdn.vodflow.test"),
                Duration.ofMinutes(10),
                Duration.ofMinutes(1),
                false,
                new PlaybackProperties.Cookie(".vodflow.test", "/", true, true, "Lax"),
                new PlaybackProperties.Signing(activeKeyId, keys, cacheSize),
                Duration.ofMinutes(5));
    }

    static PlaybackProperties.Key fileKey(String id, Path file) {
        return new PlaybackProperties.Key(id, file, null);
    }
}
