package dev.vodflow.catalog.live;

import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /videos/live}: the channels on air, and the caller's own in any state, with where to play them. */
@RestController
class LiveChannelController {

    private final LiveChannels channels;

    LiveChannelController(LiveChannels channels) {
        this.channels = channels;
    }

    @GetMapping("/videos/live")
    List<LiveChannels.LiveChannel> list(@AuthenticationPrincipal Jwt caller) {
        return channels.visibleTo(caller.getSubject());
    }
}
