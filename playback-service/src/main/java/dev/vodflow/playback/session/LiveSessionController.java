package dev.vodflow.playback.session;

import dev.vodflow.playback.live.LiveChannel;
import dev.vodflow.playback.live.LiveChannelRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /live/{channelId}/playback-session}: the live playlist's URL and cookies for the channel's
 * {@code live/{channelId}/*}. A broadcast is public to signed-in viewers while it is on air; its owner may also
 * open it before and after, to check the picture.
 */
@RestController
class LiveSessionController {

    /** Channel ids go into the policy's resource, so only plain ids are accepted (see the video sessions). */
    private static final Pattern CHANNEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final LiveChannelRepository channels;
    private final CookieSigner signer;
    private final PlaybackProperties.Cookie cookie;
    private final Clock clock;

    LiveSessionController(
            LiveChannelRepository channels, CookieSigner signer, PlaybackProperties properties, Clock clock) {
        this.channels = channels;
        this.signer = signer;
        this.cookie = properties.cookie();
        this.clock = clock;
    }

    @PostMapping("/live/{channelId}/playback-session")
    ResponseEntity<?> create(@PathVariable String channelId, @AuthenticationPrincipal Jwt jwt) {
        if (!CHANNEL_ID.matcher(channelId).matches()) {
            return problem(HttpStatus.BAD_REQUEST, "channelId must be 1 to 128 letters, digits, '-' or '_'");
        }
        if (jwt == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .body(ProblemDetail.forStatusAndDetail(
                            HttpStatus.UNAUTHORIZED, "Channel " + channelId + " needs a bearer token"));
        }
        LiveChannel channel = channels.findById(channelId)
                .filter(c -> c.live() || c.ownerId().equals(jwt.getSubject()))
                .orElse(null);
        if (channel == null) {
            return problem(HttpStatus.NOT_FOUND, "Channel " + channelId + " is not on air");
        }
        CookieSigner.SignedCookies signed = signer.signLive(channelId);
        return SessionCookies.ok(cookie, "live/" + channelId, signed, clock)
                .body(new LiveSession(
                        channelId,
                        channel.live(),
                        URI.create(signer.url(channel.playlistPath())),
                        signed.expiresAt(),
                        signed.byName()));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    /** As for a video; {@code live} is false when the owner opens a channel that is off air. */
    record LiveSession(
            String channelId, boolean live, URI manifestUrl, Instant expiresAt, Map<String, String> cookies) {}
}
