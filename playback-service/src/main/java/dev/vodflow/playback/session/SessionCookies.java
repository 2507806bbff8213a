package dev.vodflow.playback.session;

import java.time.Clock;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;

/**
 * The headers of a session's answer, for a video or a live channel alike: never cached, and the three CloudFront
 * cookies, each with the configured attributes and the path of the folder its policy opens, so the sessions of
 * several videos (a page of thumbnails, a player) live side by side in one browser instead of each replacing the
 * last.
 */
final class SessionCookies {

    private SessionCookies() {}

    /** {@code 200} with the cookies of {@code signed} for {@code folder} ({@code output/{id}}, {@code live/{id}}). */
    static ResponseEntity.BodyBuilder ok(
            PlaybackProperties.Cookie cookie, String folder, CookieSigner.SignedCookies signed, Clock clock) {
        Duration maxAge = Duration.between(clock.instant(), signed.expiresAt());
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().cacheControl(CacheControl.noStore());
        signed.byName()
                .forEach((name, value) ->
                        answer.header(HttpHeaders.SET_COOKIE, setCookie(cookie, folder, name, value, maxAge)));
        return answer;
    }

    static String setCookie(
            PlaybackProperties.Cookie cookie, String folder, String name, String value, Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder builder = ResponseCookie.from(name, value)
                .path(cookie.path().replaceFirst("/+$", "") + "/" + folder + "/")
                .secure(cookie.secure())
                .httpOnly(cookie.httpOnly())
                .sameSite(cookie.sameSite())
                .maxAge(maxAge);
        if (cookie.domain() != null && !cookie.domain().isBlank()) {
            builder.domain(cookie.domain());
        }
        return builder.build().toString();
    }
}
