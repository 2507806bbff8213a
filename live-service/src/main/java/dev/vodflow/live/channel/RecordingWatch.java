package dev.vodflow.live.channel;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.LiveRecorded;
import dev.vodflow.live.LiveProperties;
import dev.vodflow.live.encoder.MediaLiveEncoder;
import dev.vodflow.live.events.LiveEventPublisher;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Live to VOD: once a stopped channel's encoder is idle (its outputs complete), its recording is in the input
 * folder, where the upload path turns it into a video; this announces it as {@code live.recorded}. Polling is
 * enough: a broadcast ends a few times a day per channel, not per second.
 */
@Component
class RecordingWatch {

    private static final Logger log = LoggerFactory.getLogger(RecordingWatch.class);

    private final ChannelRepository repository;
    private final MediaLiveEncoder encoder;
    private final LiveEventPublisher events;
    private final S3Client s3;
    private final String bucket;
    private final LiveProperties.Live settings;
    private final Clock clock;

    RecordingWatch(
            ChannelRepository repository,
            MediaLiveEncoder encoder,
            LiveEventPublisher events,
            S3Client s3,
            LiveProperties properties,
            Clock clock) {
        this.repository = repository;
        this.encoder = encoder;
        this.events = events;
        this.s3 = s3;
        this.bucket = properties.aws().s3().bucket();
        this.settings = properties.live();
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${vodflow.live.recording-poll-interval:2s}")
    void poll() {
        for (Channel channel : repository.findByRecordingState(RecordingState.PENDING)) {
            try {
                check(channel);
            } catch (RuntimeException e) {
                // one channel's trouble (S3 or MediaLive down) must not keep the others waiting
                log.warn("checking the recording of channel {} failed; trying again", channel.id(), e);
            }
        }
    }

    void check(Channel channel) {
        MediaLiveEncoder.State state = encoder.state(channel.encoderChannelId());
        if (state == MediaLiveEncoder.State.CHANGING || state == MediaLiveEncoder.State.RUNNING) {
            if (channel.endedAt().plus(settings.recordingTimeout()).isBefore(clock.instant())) {
                giveUp(channel, "the encoder is still " + state);
            }
            return;
        }
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(bucket).key(channel.recordingKey()));
        } catch (NoSuchKeyException e) {
            // the encoder is done and wrote nothing: nobody published during the broadcast
            giveUp(channel, "no recording at " + channel.recordingKey() + " (was anything published?)");
            return;
        }
        events.recorded(new LiveRecorded(
                EventIds.nameBased("live.recorded", channel.broadcastId(), channel.recordingKey()),
                channel.broadcastId(),
                channel.ownerId(),
                clock.instant(),
                channel.id(),
                bucket,
                channel.recordingKey(),
                head.contentLength()));
        repository.save(channel.recording(RecordingState.STORED, clock.instant()));
        log.info(
                "channel {}: broadcast {} recorded as s3://{}/{}",
                channel.id(),
                channel.broadcastId(),
                bucket,
                channel.recordingKey());
    }

    private void giveUp(Channel channel, String why) {
        log.warn("channel {}: broadcast {} has no recording: {}", channel.id(), channel.broadcastId(), why);
        repository.save(channel.recording(RecordingState.MISSING, clock.instant()));
    }
}
