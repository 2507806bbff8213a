package dev.vodflow.notification.stream;

import dev.vodflow.notification.InvalidField;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /events}: the caller's own video events as Server-Sent Events. A browser's EventSource cannot set an
 * Authorization header, so this endpoint (and only this one) also takes the token as {@code ?access_token=}.
 */
@RestController
class EventStreamController {

    private final StreamHub hub;

    EventStreamController(StreamHub hub) {
        this.hub = hub;
    }

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(
            @AuthenticationPrincipal Jwt jwt,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        String raw = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam;
        return hub.subscribe(jwt.getSubject(), parse(raw));
    }

    private static Long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(lastEventId.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidField("Last-Event-ID", "must be an id this stream sent (a non-negative number)");
        }
    }
}
