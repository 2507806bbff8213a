package dev.vodflow.localaws.medialive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Copies the encoder's local HLS output to S3 in the only safe order: every segment a playlist lists is stored
 * before that playlist, and every rung's playlist before the multivariant one. A playlist is one PUT, so a player
 * reads either the old or the new one whole, and never meets a listed segment that answers 404.
 */
final class SegmentMirror {

    static final String MASTER = "master";

    private final S3Client s3;
    private final Path folder;
    private final ChannelPlan.S3Location base;
    private final Set<String> storedSegments = new HashSet<>();
    private final Map<String, String> storedPlaylists = new HashMap<>();

    SegmentMirror(S3Client s3, Path folder, ChannelPlan.S3Location base) {
        this.s3 = s3;
        this.folder = folder;
        this.base = base;
    }

    /** One pass: new segments, then the playlists that changed. Returns how many objects were written. */
    synchronized int sync() {
        int written = 0;
        String masterName = base.baseName() + ".m3u8";
        List<Path> playlists = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().endsWith(".m3u8"))
                    .filter(p -> !p.getFileName().toString().equals(masterName))
                    .sorted()
                    .forEach(playlists::add);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path playlist : playlists) {
            written += syncPlaylist(playlist);
        }
        Path master = folder.resolve(masterName);
        String masterText = read(master);
        if (masterText != null && !masterText.equals(storedPlaylists.get(masterName))) {
            boolean variantsStored = uris(masterText).stream().allMatch(storedPlaylists::containsKey);
            if (variantsStored) {
                put(masterName, masterText.getBytes(StandardCharsets.UTF_8), "application/vnd.apple.mpegurl");
                storedPlaylists.put(masterName, masterText);
                written++;
            }
        }
        return written;
    }

    private int syncPlaylist(Path playlist) {
        String name = playlist.getFileName().toString();
        String text = read(playlist);
        if (text == null || text.equals(storedPlaylists.get(name))) {
            return 0;
        }
        int written = 0;
        for (String segment : uris(text)) {
            if (storedSegments.contains(segment)) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(folder.resolve(segment));
            } catch (IOException e) {
                // listed but gone: FFmpeg only deletes what left the window long ago, so this playlist is stale
                return written;
            }
            put(segment, bytes, "video/mp2t");
            storedSegments.add(segment);
            written++;
        }
        put(name, text.getBytes(StandardCharsets.UTF_8), "application/vnd.apple.mpegurl");
        storedPlaylists.put(name, text);
        return written + 1;
    }

    /** Whether every rung's last playlist carried {@code EXT-X-ENDLIST} when it was stored. */
    synchronized boolean ended() {
        List<String> rungs = storedPlaylists.entrySet().stream()
                .filter(e -> !e.getKey().equals(base.baseName() + ".m3u8"))
                .map(Map.Entry::getValue)
                .toList();
        return !rungs.isEmpty() && rungs.stream().allMatch(text -> text.contains("#EXT-X-ENDLIST"));
    }

    private void put(String name, byte[] bytes, String contentType) {
        s3.putObject(
                request ->
                        request.bucket(base.bucket()).key(base.folder() + name).contentType(contentType),
                RequestBody.fromBytes(bytes));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> uris(String playlist) {
        return Arrays.stream(playlist.split("\n"))
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
