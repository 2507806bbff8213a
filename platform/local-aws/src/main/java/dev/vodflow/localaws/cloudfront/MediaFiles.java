package dev.vodflow.localaws.cloudfront;

import java.util.Locale;

/**
 * What the production distribution's cache behaviours set per kind of file. Playlists stay short-lived so a
 * republished rendition shows up quickly; segments, MP4s and images are written once under a new name, so they are
 * cached for a year and marked immutable.
 */
final class MediaFiles {

    static final String PLAYLIST_CACHE_CONTROL = "max-age=2";
    /**
     * A live playlist changes every segment (1 s): cached longer, a player would be sent a stale window and fall
     * behind, which is what the reference design's ~20 s latency came from.
     */
    static final String LIVE_PLAYLIST_CACHE_CONTROL = "max-age=1";

    static final String IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
    static final String DEFAULT_CACHE_CONTROL = "max-age=60";

    private MediaFiles() {}

    static String cacheControl(String key) {
        return switch (extension(key)) {
            case "m3u8" -> key.startsWith("live/") ? LIVE_PLAYLIST_CACHE_CONTROL : PLAYLIST_CACHE_CONTROL;
            // A DASH manifest is a playlist too; CMAF's .cmfv/.cmfa are segments written once, like .ts.
            case "mpd" -> PLAYLIST_CACHE_CONTROL;
            case "ts", "m4s", "cmfv", "cmfa", "mp4", "m4a", "aac", "jpg", "jpeg", "png", "webp", "vtt" ->
                IMMUTABLE_CACHE_CONTROL;
            default -> DEFAULT_CACHE_CONTROL;
        };
    }

    /** The stored content type unless S3 only knows it as bytes; then the one players expect for the extension. */
    static String contentType(String key, String stored) {
        if (stored != null && !stored.isBlank() && !"application/octet-stream".equals(stored)) {
            return stored;
        }
        return switch (extension(key)) {
            case "m3u8" -> "application/vnd.apple.mpegurl";
            case "ts" -> "video/mp2t";
            case "mpd" -> "application/dash+xml";
            case "m4s" -> "video/iso.segment";
            case "cmfv" -> "video/mp4";
            case "cmfa" -> "audio/mp4";
            case "mp4" -> "video/mp4";
            case "m4a" -> "audio/mp4";
            case "aac" -> "audio/aac";
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            case "vtt" -> "text/vtt";
            default -> "application/octet-stream";
        };
    }

    private static String extension(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        return dot > slash ? key.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
