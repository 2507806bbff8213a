package dev.vodflow.live.channel;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.LiveEnded;
import dev.vodflow.events.LiveStarted;
import dev.vodflow.live.encoder.MediaLiveEncoder;
import dev.vodflow.live.events.LiveEventPublisher;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * The rules of a channel's life: only its owner sees or changes it; a key is secret and replaceable; start opens a
 * new broadcast (a new video id) and stop ends it; a channel is deleted only when nothing is in flight.
 */
@Service
class Channels {

    private static final Logger log = LoggerFactory.getLogger(Channels.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_TITLE = 200;

    private final ChannelRepository repository;
    private final MediaLiveEncoder encoder;
    private final LiveEventPublisher events;
    private final Clock clock;

    Channels(ChannelRepository repository, MediaLiveEncoder encoder, LiveEventPublisher events, Clock clock) {
        this.repository = repository;
        this.encoder = encoder;
        this.events = events;
        this.clock = clock;
    }

    Channel create(String ownerId, String title) {
        String cleanTitle = title == null ? "" : title.strip();
        if (cleanTitle.isEmpty() || cleanTitle.length() > MAX_TITLE) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "title is required and must have at most " + MAX_TITLE + " characters");
        }
        if (cleanTitle.indexOf('\0') >= 0) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "title must not contain the NUL character (U+0000)");
        }
        String id = "ch_" + random(6);
        Channel channel = repository.save(Channel.created(id, ownerId, cleanTitle, newKey(), clock.instant()));
        try {
            MediaLiveEncoder.Provisioned provisioned =
                    encoder.create(id, channel.streamKey(), archiveBase(channel, "unstarted"));
            return repository.save(channel.provisioned(
                    provisioned.inputId(),
                    provisioned.encoderChannelId(),
                    provisioned.rtmpUrl(),
                    provisioned.srtInputId(),
                    provisioned.srtUrl(),
                    clock.instant()));
        } catch (RuntimeException e) {
            repository.delete(channel);
            log.warn("creating the encoder of channel {} failed", id, e);
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE, "the live encoder could not be created; try again shortly", e);
        }
    }

    List<Channel> list(String ownerId) {
        return repository.findByOwnerIdOrderByCreatedAtDesc(ownerId);
    }

    Channel get(String ownerId, String id) {
        return repository
                .findById(id)
                .filter(channel -> channel.ownerId().equals(ownerId))
                // another owner's channel is reported as absent, so ids reveal nothing
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no channel " + id));
    }

    Channel rotateKey(String ownerId, String id) {
        Channel channel = get(ownerId, id);
        String key = newKey();
        String rtmpUrl = encoder.rotateKey(channel.inputId(), channel.srtInputId(), key);
        return repository.save(channel.withKey(key, rtmpUrl, clock.instant()));
    }

    Channel start(String ownerId, String id) {
        Channel channel = get(ownerId, id);
        if (channel.state() == ChannelState.LIVE) {
            return channel;
        }
        if (channel.recordingState() == RecordingState.PENDING) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "the last broadcast's recording is still being stored; start again in a few seconds");
        }
        String broadcastId = UUID.randomUUID().toString();
        String archiveBase = archiveBase(channel, broadcastId);
        encoder.start(channel.id(), channel.encoderChannelId(), archiveBase);
        Instant now = clock.instant();
        Channel live = repository.save(channel.live(broadcastId, MediaLiveEncoder.recordingKey(archiveBase), now));
        events.started(new LiveStarted(
                EventIds.nameBased("live.started", broadcastId),
                broadcastId,
                ownerId,
                now,
                live.id(),
                live.title(),
                live.playlistPath()));
        log.info("channel {} is live: broadcast {}", id, broadcastId);
        return live;
    }

    Channel stop(String ownerId, String id) {
        Channel channel = get(ownerId, id);
        if (channel.state() != ChannelState.LIVE) {
            return channel;
        }
        encoder.stop(channel.encoderChannelId());
        Instant now = clock.instant();
        Channel ended = repository.save(channel.ended(now));
        events.ended(new LiveEnded(
                EventIds.nameBased("live.ended", ended.broadcastId()),
                ended.broadcastId(),
                ownerId,
                now,
                ended.id(),
                "STOPPED"));
        log.info("channel {} ended broadcast {}", id, ended.broadcastId());
        return ended;
    }

    void delete(String ownerId, String id) {
        Channel channel = get(ownerId, id);
        if (channel.state() == ChannelState.LIVE) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "channel " + id + " is live: stop it first");
        }
        if (channel.recordingState() == RecordingState.PENDING) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "the last broadcast's recording is still being stored; delete again in a few seconds");
        }
        encoder.delete(channel.encoderChannelId(), channel.inputId(), channel.srtInputId());
        repository.delete(channel);
    }

    /**
     * Where the recording goes: the upload path's input folder, under the owner and the broadcast's video id
     * ({@code input/live/{owner}/{videoId}/...}), so it becomes that owner's video of that id.
     */
    static String archiveBase(Channel channel, String broadcastId) {
        return "input/live/" + channel.ownerId() + "/" + broadcastId + "/" + slug(channel.title());
    }

    /** MediaLive destinations are URLs: the recording's file name keeps letters and digits of the title only. */
    static String slug(String title) {
        String slug =
                title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "broadcast" : slug;
    }

    private static String newKey() {
        return random(20);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
