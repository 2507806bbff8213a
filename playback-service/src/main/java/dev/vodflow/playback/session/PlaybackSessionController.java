package dev.vodflow.playback.session;

import dev.vodflow.playback.video.PlayableVideoRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /videos/{id}/playback-session}: the manifest URL on the CDN and the cookies that open it. */
@RestController
class PlaybackSessionController {

    /**
     * Video ids go into the policy's resource: {@code *} or {@code ?} in one would widen it to other videos, and
     * {@code /} or {@code ..} would move it, so only plain ids are accepted.
     */
    private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final PlayableVideoRepository videos;
    private final Entitlement entitlement;
    private final CookieSigner signer;
    private final PlaybackProperties.Cookie cookie;
    private final Clock clock;
    private final SessionCounter sessions;

    PlaybackSessionController(
            PlayableVideoRepository videos,
            Entitlement entitlement,
            CookieSigner signer,
            PlaybackProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.sessions = new SessionCounter(meters);
        this.videos = videos;
        this.entitlement = entitlement;
        this.signer = signer;
        this.cookie = properties.cookie();
        this.clock = clock;
    }

    @PostMapping("/videos/{id}/playback-session")
    ResponseEntity<?> create(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        if (!VIDEO_ID.matcher(id).matches()) {
            sessions.refused("invalid_id");
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Invalid video id",
                    "id must be 1 to 128 letters, digits, '-' or '_'",
                    Map.of("field", "id"));
        }
        var video = videos.findById(id);
        Optional<String> viewer = Optional.ofNullable(jwt).map(Jwt::getSubject);
        Entitlement.Decision decision = entitlement.decide(video, viewer);
        if (decision != Entitlement.Decision.ALLOWED) {
            sessions.refused(decision.name());
        }
        switch (decision) {
            case NOT_FOUND -> {
                return problem(
                        HttpStatus.NOT_FOUND, "Video not playable", "No video " + id + " is ready to play", Map.of());
            }
            case UNAUTHENTICATED -> {
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                        .body(problemBody(
                                HttpStatus.UNAUTHORIZED,
                                "Sign in to watch",
                                "Video " + id + " needs a bearer token",
                                Map.of()));
            }
            case ALLOWED -> {
                // fall through to signing
            }
        }
        CookieSigner.SignedCookies signed = signer.sign(id);
        sessions.issued();
        Duration maxAge = Duration.between(clock.instant(), signed.expiresAt());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.SET_COOKIE, setCookie(CookieSigner.SignedCookies.POLICY, signed.policy(), maxAge))
                .header(
                        HttpHeaders.SET_COOKIE,
                        setCookie(CookieSigner.SignedCookies.SIGNATURE, signed.signature(), maxAge))
                .header(
                        HttpHeaders.SET_COOKIE,
                        setCookie(CookieSigner.SignedCookies.KEY_PAIR_ID, signed.keyPairId(), maxAge))
                .body(new PlaybackSession(
                        id,
                        URI.create(signer.url(video.orElseThrow().masterPath())),
                        signed.expiresAt(),
                        Map.of(
                                CookieSigner.SignedCookies.POLICY, signed.policy(),
                                CookieSigner.SignedCookies.SIGNATURE, signed.signature(),
                                CookieSigner.SignedCookies.KEY_PAIR_ID, signed.keyPairId())));
    }

    private String setCookie(String name, String value, Duration maxAge) {
        return setCookie(cookie, name, value, maxAge);
    }

    /** One {@code Set-Cookie} value with the configured attributes; live sessions set theirs the same way. */
    static String setCookie(PlaybackProperties.Cookie cookie, String name, String value, Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder builder = ResponseCookie.from(name, value)
                .path(cookie.path())
                .secure(cookie.secure())
                .httpOnly(cookie.httpOnly())
                .sameSite(cookie.sameSite())
                .maxAge(maxAge);
        if (cookie.domain() != null && !cookie.domain().isBlank()) {
            builder.domain(cookie.domain());
        }
        return builder.build().toString();
    }

    private static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String title, String detail, Map<String, Object> properties) {
        return ResponseEntity.status(status).body(problemBody(status, title, detail, properties));
    }

    private static ProblemDetail problemBody(
            HttpStatus status, String title, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /**
     * The answer: where the player starts and until when the cookies work. The cookie values are repeated for native
     * players that cannot read a cookie jar; browsers use the {@code Set-Cookie} headers.
     */
    record PlaybackSession(String videoId, URI manifestUrl, Instant expiresAt, Map<String, String> cookies) {}
}
