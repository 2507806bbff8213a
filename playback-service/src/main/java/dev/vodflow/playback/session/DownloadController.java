package dev.vodflow.playback.session;

import dev.vodflow.playback.video.PlayableVideos;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /videos/{id}/download}: a short-lived signed URL for the video's MP4, for a viewer who may watch the
 * video and only while its owner allows downloads. The playback session's cookies do not open the MP4.
 */
@RestController
class DownloadController {

    private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final PlayableVideos videos;
    private final Entitlement entitlement;
    private final DownloadLinks links;

    DownloadController(PlayableVideos videos, Entitlement entitlement, DownloadLinks links) {
        this.videos = videos;
        this.entitlement = entitlement;
        this.links = links;
    }

    /** @param filename the name the browser saves the file as (the video's title), {@code video.mp4} if absent */
    @PostMapping("/videos/{id}/download")
    ResponseEntity<?> download(
            @PathVariable String id,
            @RequestParam(required = false) String filename,
            @AuthenticationPrincipal Jwt jwt) {
        if (!VIDEO_ID.matcher(id).matches()) {
            return problem(HttpStatus.BAD_REQUEST, "id must be 1 to 128 letters, digits, '-' or '_'");
        }
        var video = videos.find(id);
        return switch (entitlement.decide(video, Optional.ofNullable(jwt).map(Jwt::getSubject))) {
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "No video " + id + " is ready to play");
            case UNAUTHENTICATED ->
                ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                        .body(ProblemDetail.forStatusAndDetail(
                                HttpStatus.UNAUTHORIZED, "Video " + id + " needs a bearer token"));
            case ALLOWED -> {
                if (!video.orElseThrow().downloadAllowed()) {
                    yield problem(HttpStatus.FORBIDDEN, "The owner of video " + id + " does not allow downloads");
                }
                String name = filename == null || filename.isBlank() ? "video.mp4" : filename;
                DownloadLinks.Link link = links.sign(video.get().downloadPath(), name);
                yield ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .body(new Download(id, URI.create(link.url()), link.expiresAt()));
            }
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    /** Where the MP4 is, until when that URL works. */
    record Download(String videoId, URI url, Instant expiresAt) {}
}
