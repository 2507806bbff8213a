package dev.vodflow.live.channel;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The owner's channels ({@code /api/live/channels} at the gateway): the JWT subject owns what it creates and sees only that. */
@RestController
@RequestMapping("/live/channels")
class ChannelController {

    private final Channels channels;

    ChannelController(Channels channels) {
        this.channels = channels;
    }

    record CreateChannel(String title) {}

    /**
     * A channel as its owner sees it, with what an encoder needs: OBS takes {@code server} and {@code streamKey}
     * (Settings, Stream, Service "Custom..."); FFmpeg takes {@code url} with {@code -f flv}.
     */
    record ChannelView(
            String id,
            String title,
            ChannelState state,
            String broadcastId,
            String playlistPath,
            Ingest ingest,
            Recording recording,
            Instant createdAt,
            Instant startedAt,
            Instant endedAt) {

        static ChannelView of(Channel channel) {
            return new ChannelView(
                    channel.id(),
                    channel.title(),
                    channel.state(),
                    channel.broadcastId(),
                    channel.playlistPath(),
                    Ingest.of(channel),
                    new Recording(
                            channel.recordingState().name(),
                            channel.recordingState() == RecordingState.STORED ? channel.broadcastId() : null),
                    channel.createdAt(),
                    channel.startedAt(),
                    channel.endedAt());
        }
    }

    /**
     * @param keyframeIntervalSeconds what to set in the encoder: a key frame every segment keeps latency low
     * @param ffmpeg a complete command that publishes a file as if it were live
     */
    record Ingest(String server, String streamKey, String url, int keyframeIntervalSeconds, String ffmpeg) {

        static Ingest of(Channel channel) {
            String url = channel.rtmpUrl();
            String server = url == null
                    ? null
                    : url.substring(0, url.length() - channel.streamKey().length() - 1);
            return new Ingest(
                    server,
                    channel.streamKey(),
                    url,
                    1,
                    url == null
                            ? null
                            : "ffmpeg -re -i input.mp4 -c:v libx264 -preset veryfast -tune zerolatency -g 30"
                                    + " -c:a aac -b:a 128k -f flv " + url);
        }
    }

    /** @param videoId the catalog video the recording became, once stored */
    record Recording(String state, String videoId) {}

    @PostMapping
    ResponseEntity<ChannelView> create(@AuthenticationPrincipal Jwt jwt, @RequestBody CreateChannel request) {
        Channel channel = channels.create(jwt.getSubject(), request == null ? null : request.title());
        return ResponseEntity.created(URI.create("/live/channels/" + channel.id()))
                .body(ChannelView.of(channel));
    }

    @GetMapping
    List<ChannelView> list(@AuthenticationPrincipal Jwt jwt) {
        return channels.list(jwt.getSubject()).stream().map(ChannelView::of).toList();
    }

    @GetMapping("/{id}")
    ChannelView get(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return ChannelView.of(channels.get(jwt.getSubject(), id));
    }

    @PostMapping("/{id}/stream-key")
    ChannelView rotateKey(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return ChannelView.of(channels.rotateKey(jwt.getSubject(), id));
    }

    @PostMapping("/{id}/start")
    ChannelView start(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return ChannelView.of(channels.start(jwt.getSubject(), id));
    }

    @PostMapping("/{id}/stop")
    ChannelView stop(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return ChannelView.of(channels.stop(jwt.getSubject(), id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        channels.delete(jwt.getSubject(), id);
        return ResponseEntity.noContent().build();
    }
}
