package dev.vodflow.playback.session;

import dev.vodflow.playback.video.PlayableVideo;
import dev.vodflow.playback.video.PlayableVideos;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /videos/{id}/playback-session}: the manifest URL on the CDN and the cookies that open it. */
@RestController
class PlaybackSessionController {

    /**
     * Video ids go into the policy's resource: {@code *} or {@code ?} in one would widen it to other videos, and
     * {@code /} or {@code ..} would move it, so only plain ids are accepted.
     */
    private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final PlayableVideos videos;
    private final Entitlement entitlement;
    private final CookieSigner signer;
    private final CookieVerifier verifier;
    private final PlaybackProperties.Cookie cookie;
    private final Clock clock;
    private final SessionCounter sessions;

    PlaybackSessionController(
            PlayableVideos videos,
            Entitlement entitlement,
            CookieSigner signer,
            CookieVerifier verifier,
            PlaybackProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.sessions = new SessionCounter(meters);
        this.videos = videos;
        this.entitlement = entitlement;
        this.signer = signer;
        this.verifier = verifier;
        this.cookie = properties.cookie();
        this.clock = clock;
    }

    @PostMapping("/videos/{id}/playback-session")
    ResponseEntity<?> create(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        if (!VIDEO_ID.matcher(id).matches()) {
            return invalidId();
        }
        var video = videos.find(id);
        Entitlement.Decision decision =
                entitlement.decide(video, Optional.ofNullable(jwt).map(Jwt::getSubject));
        return answer(id, video, decision, "Sign in to watch", "Video " + id + " needs a bearer token");
    }

    /**
     * {@code POST /videos/{id}/playback-session/renewal}: fresh cookies for a session that still works, so a viewer
     * keeps watching past the cookies' lifetime. The body is the {@code cookies} object the session answered with;
     * they must be this service's, for this video and not yet expired. A bearer token is optional: without one, the
     * video must still be one anyone signed in may watch.
     */
    @PostMapping("/videos/{id}/playback-session/renewal")
    ResponseEntity<?> renew(
            @PathVariable String id, @RequestBody(required = false) Renewal renewal, @AuthenticationPrincipal Jwt jwt) {
        if (!VIDEO_ID.matcher(id).matches()) {
            return invalidId();
        }
        Map<String, String> presented = renewal == null || renewal.cookies() == null ? Map.of() : renewal.cookies();
        String policy = presented.get(CookieSigner.SignedCookies.POLICY);
        String signature = presented.get(CookieSigner.SignedCookies.SIGNATURE);
        String keyPairId = presented.get(CookieSigner.SignedCookies.KEY_PAIR_ID);
        if (policy == null || signature == null || keyPairId == null) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Session cookies missing",
                    "Send {\"cookies\": {...}} as the playback session returned them: "
                            + CookieSigner.SignedCookies.POLICY + ", " + CookieSigner.SignedCookies.SIGNATURE
                            + " and " + CookieSigner.SignedCookies.KEY_PAIR_ID,
                    Map.of("field", "cookies"));
        }
        Optional<String> refusal = verifier.refusal(signer.resource(id), policy, signature, keyPairId);
        if (refusal.isPresent()) {
            return problem(HttpStatus.FORBIDDEN, "Session cannot be renewed", refusal.get(), Map.of());
        }
        var video = videos.find(id);
        Entitlement.Decision decision =
                entitlement.renew(video, Optional.ofNullable(jwt).map(Jwt::getSubject));
        return answer(
                id,
                video,
                decision,
                "Sign in to keep watching",
                "Video " + id + " is private: renew with its owner's bearer token");
    }

    /** New cookies when the decision allows them, else the problem that says why not. */
    private ResponseEntity<?> answer(
            String id,
            Optional<PlayableVideo> video,
            Entitlement.Decision decision,
            String signInTitle,
            String signInDetail) {
        if (decision != Entitlement.Decision.ALLOWED) {
            sessions.refused(decision.name());
        }
        return switch (decision) {
            case NOT_FOUND ->
                problem(HttpStatus.NOT_FOUND, "Video not playable", "No video " + id + " is ready to play", Map.of());
            case UNAUTHENTICATED ->
                ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                        .body(problemBody(HttpStatus.UNAUTHORIZED, signInTitle, signInDetail, Map.of()));
            case ALLOWED -> session(id, video.orElseThrow());
        };
    }

    private ResponseEntity<ProblemDetail> invalidId() {
        sessions.refused("invalid_id");
        return problem(
                HttpStatus.BAD_REQUEST,
                "Invalid video id",
                "id must be 1 to 128 letters, digits, '-' or '_'",
                Map.of("field", "id"));
    }

    private ResponseEntity<PlaybackSession> session(String id, PlayableVideo video) {
        CookieSigner.SignedCookies signed = signer.sign(id);
        sessions.issued();
        return SessionCookies.ok(cookie, "output/" + id, signed, clock)
                .body(new PlaybackSession(
                        id, URI.create(signer.url(video.masterPath())), signed.expiresAt(), signed.byName()));
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

    /** What a renewal sends: the {@code cookies} of the session being renewed. */
    record Renewal(Map<String, String> cookies) {}
}
