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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Live to VOD: once a stopped channel's encoder is idle (its outputs complete), its recording is in the input
 * folder, where the upload path turns it into a video; this announces it as {@code live.recorded}. Polling is
 * enough: a broadcast ends a few times a day per channel, not per second.
 *
 * <p>Every instance watches. A channel is checked holding its row ({@code FOR UPDATE SKIP LOCKED}) from the check to
 * the new recording state, so of two watchers only one announces a recording, once; the other skips the row, or
 * finds it no longer pending. (The event goes out before the commit: a commit that then fails leaves the channel
 * pending and the next check announces it again with the same event id, which consumers take as a repeat.)
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
    private final TransactionTemplate transactions;

    RecordingWatch(
            ChannelRepository repository,
            MediaLiveEncoder encoder,
            LiveEventPublisher events,
            S3Client s3,
            LiveProperties properties,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.repository = repository;
        this.encoder = encoder;
        this.events = events;
        this.s3 = s3;
        this.bucket = properties.aws().s3().bucket();
        this.settings = properties.live();
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Scheduled(fixedDelayString = "${vodflow.live.recording-poll-interval:2s}")
    void poll() {
        for (Channel pending : repository.findByRecordingState(RecordingState.PENDING)) {
            try {
                transactions.executeWithoutResult(
                        status -> repository.lockIfPending(pending.id()).ifPresent(this::check));
            } catch (RuntimeException e) {
                // one channel's trouble (S3 or MediaLive down) must not keep the others waiting
                log.warn("checking the recording of channel {} failed; trying again", pending.id(), e);
            }
        }
    }

    /** @param channel a pending channel, its row locked by the caller's transaction */
    private void check(Channel channel) {
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
