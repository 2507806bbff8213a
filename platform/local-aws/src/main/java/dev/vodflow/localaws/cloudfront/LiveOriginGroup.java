package dev.vodflow.localaws.cloudfront;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudFront's origin group for live channels, per request: a viewer asks for {@code live/{channelId}/...}; the
 * edge asks the primary origin ({@code live-a/{channelId}/...}, pipeline A) and, when that answers 404, 5xx or not
 * in time, or answers a stale media playlist, the secondary ({@code live-b/...}). A media playlist is stale when its
 * newest segment ended more than one target duration ago: the next segment is overdue, so the pipeline behind it may
 * have stopped writing, and the secondary is asked whether it has a newer one.
 *
 * <p>Why one target duration and not three (CloudFront's rule of thumb for a failed manifest): a player such as
 * hls.js plays three segments behind the newest one listed, and a failover must come before that buffer runs out.
 * The stale check starts counting when the newest segment ended, which is already a segment and the publication
 * latency before the player sees it; with three target durations the switch came 1.4-2.1 s after a kill, about what
 * a player that had fallen a little behind had left, and one run stalled. At one target duration a failover costs
 * the player no more than one late segment. A playlist that is merely late is no harm: both pipelines cut the same
 * segments, so whichever lists the newer one serves (the primary when they are level), and the secondary is only
 * read while the primary's newest segment is overdue.
 *
 * <p>When both fail, a stale playlist is still better than none (the fresher of the two, the primary when they are
 * level); otherwise the viewer gets the secondary's 404, or a 502 when an origin failed.
 */
final class LiveOriginGroup {

    static final String VIEWER_PREFIX = "live/";
    static final List<String> ORIGIN_PREFIXES = List.of("live-a/", "live-b/");
    static final int STALE_TARGET_DURATIONS = 1;

    /** One object as an origin answered it. */
    record Fetched(
            String key, byte[] body, String contentType, String eTag, Instant lastModified, String contentRange) {}

    /** One origin: the object under {@code key}, or null when it does not exist. */
    interface Origin {
        Fetched get(String key, String range) throws OriginFailure;
    }

    /** An origin answered 5xx or not in time. */
    static final class OriginFailure extends Exception {
        OriginFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Origin origin;

    LiveOriginGroup(Origin origin) {
        this.origin = origin;
    }

    static boolean isLive(String key) {
        return key.startsWith(VIEWER_PREFIX);
    }

    /**
     * @return the answer to serve, or null for 404
     * @throws OriginFailure when no origin had the object and at least one failed
     */
    Fetched get(String viewerKey, String range, Instant now) throws OriginFailure {
        String rest = viewerKey.substring(VIEWER_PREFIX.length());
        List<Fetched> stale = new ArrayList<>();
        OriginFailure failure = null;
        for (String prefix : ORIGIN_PREFIXES) {
            Fetched fetched;
            try {
                fetched = origin.get(prefix + rest, range);
            } catch (OriginFailure e) {
                failure = e;
                continue;
            }
            if (fetched == null) {
                continue;
            }
            if (!isStale(fetched, now)) {
                return fetched;
            }
            stale.add(fetched);
        }
        if (!stale.isEmpty()) {
            return stale.stream()
                    .max(java.util.Comparator.comparing(LiveOriginGroup::newestSegmentEndOrEpoch))
                    .orElseThrow();
        }
        if (failure != null) {
            throw failure;
        }
        return null;
    }

    /** A live media playlist whose pipeline stopped writing; multivariant and ended playlists never are. */
    static boolean isStale(Fetched fetched, Instant now) {
        if (!fetched.key().endsWith(".m3u8")) {
            return false;
        }
        String text = new String(fetched.body(), StandardCharsets.UTF_8);
        try {
            Duration target = targetDuration(text);
            if (target == null || text.contains("#EXT-X-ENDLIST")) {
                return false;
            }
            Instant newestEnd = newestSegmentEnd(fetched);
            return newestEnd.plus(target.multipliedBy(STALE_TARGET_DURATIONS)).isBefore(now);
        } catch (RuntimeException unreadable) {
            // not for the edge to judge: the player gets it as it is
            return false;
        }
    }

    /**
     * When the newest segment ends: its program date-time plus its duration; without date-times, when the playlist
     * was written.
     */
    static Instant newestSegmentEnd(Fetched fetched) {
        String text = new String(fetched.body(), StandardCharsets.UTF_8);
        Instant pdt = null;
        Instant end = null;
        for (String line : text.split("\n")) {
            line = line.trim();
            if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                pdt = OffsetDateTime.parse(line.substring(line.indexOf(':') + 1))
                        .toInstant();
            } else if (line.startsWith("#EXTINF:") && pdt != null) {
                String seconds =
                        line.substring("#EXTINF:".length()).split(",")[0].trim();
                end = pdt.plusMillis(Math.round(Double.parseDouble(seconds) * 1000));
                pdt = end;
            }
        }
        if (end != null) {
            return end;
        }
        return fetched.lastModified() == null ? Instant.EPOCH : fetched.lastModified();
    }

    private static Instant newestSegmentEndOrEpoch(Fetched fetched) {
        try {
            return newestSegmentEnd(fetched);
        } catch (RuntimeException unreadable) {
            return Instant.EPOCH;
        }
    }

    private static Duration targetDuration(String playlist) {
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                return Duration.ofSeconds(
                        Long.parseLong(line.substring(line.indexOf(':') + 1).trim()));
            }
        }
        return null;
    }
}
