package dev.vodflow.live.channel;

import dev.vodflow.live.encoder.MediaLiveEncoder;
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
     * RTMP in the top-level fields, SRT in {@code srt}.
     *
     * @param keyframeIntervalSeconds what to set in the encoder: a key frame every segment keeps latency low
     * @param ffmpeg a complete command that publishes a file as if it were live
     * @param srt the SRT ingest, or null for a channel made before SRT ingest
     */
    record Ingest(
            String server, String streamKey, String url, int keyframeIntervalSeconds, String ffmpeg, SrtIngest srt) {

        private static final String ENCODE =
                "ffmpeg -re -i input.mp4 -c:v libx264 -preset veryfast -tune zerolatency -g 30 -c:a aac -b:a 128k";

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
                    url == null ? null : ENCODE + " -f flv " + url,
                    SrtIngest.of(channel));
        }
    }

    /**
     * SRT: MPEG-TS with the stream key as the caller's streamid. OBS takes {@code url} as its Server (Service
     * "Custom...", Stream Key left empty); FFmpeg takes it with {@code -f mpegts}.
     *
     * @param url {@code srt://host:port?streamid=KEY}
     * @param latencyMillis the receive latency the ingest is set for; set the encoder's SRT latency to match
     */
    record SrtIngest(String url, int latencyMillis, String ffmpeg) {

        static SrtIngest of(Channel channel) {
            if (channel.srtUrl() == null) {
                return null;
            }
            String url = channel.srtUrl() + "?streamid=" + channel.streamKey();
            return new SrtIngest(
                    url,
                    MediaLiveEncoder.SRT_LATENCY_MS,
                    Ingest.ENCODE + " -f mpegts \"" + url + "&latency=" + MediaLiveEncoder.SRT_LATENCY_MS * 1000
                            + "&pkt_size=1316\"");
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
