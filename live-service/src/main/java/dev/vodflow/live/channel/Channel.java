package dev.vodflow.live.channel;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One live channel as stored. {@code srtUrl} is the SRT listener's address without the streamid (the key, added
 * when shown); {@code srtInputId} and {@code srtUrl} are null for a channel made before SRT ingest. {@code broadcastId} names the current (or last) broadcast: the video its recording
 * becomes. Copies are made per change ({@code live}, {@code ended}, ...) rather than field by field.
 */
@Table("channel")
record Channel(
        @Id String id,
        String ownerId,
        String title,
        ChannelState state,
        String streamKey,
        String rtmpUrl,
        String inputId,
        String srtInputId,
        String srtUrl,
        String encoderChannelId,
        String broadcastId,
        String recordingKey,
        RecordingState recordingState,
        Instant startedAt,
        Instant endedAt,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {

    static Channel created(String id, String ownerId, String title, String streamKey, Instant now) {
        return new Channel(
                id,
                ownerId,
                title,
                ChannelState.IDLE,
                streamKey,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                RecordingState.NONE,
                null,
                null,
                now,
                now,
                null);
    }

    Channel provisioned(
            String inputId, String encoderChannelId, String rtmpUrl, String srtInputId, String srtUrl, Instant now) {
        return new Channel(
                id,
                ownerId,
                title,
                state,
                streamKey,
                rtmpUrl,
                inputId,
                srtInputId,
                srtUrl,
                encoderChannelId,
                broadcastId,
                recordingKey,
                recordingState,
                startedAt,
                endedAt,
                createdAt,
                now,
                version);
    }

    Channel withKey(String newKey, String newRtmpUrl, Instant now) {
        return new Channel(
                id,
                ownerId,
                title,
                state,
                newKey,
                newRtmpUrl,
                inputId,
                srtInputId,
                srtUrl,
                encoderChannelId,
                broadcastId,
                recordingKey,
                recordingState,
                startedAt,
                endedAt,
                createdAt,
                now,
                version);
    }

    Channel live(String newBroadcastId, String newRecordingKey, Instant now) {
        return new Channel(
                id,
                ownerId,
                title,
                ChannelState.LIVE,
                streamKey,
                rtmpUrl,
                inputId,
                srtInputId,
                srtUrl,
                encoderChannelId,
                newBroadcastId,
                newRecordingKey,
                RecordingState.NONE,
                now,
                null,
                createdAt,
                now,
                version);
    }

    Channel ended(Instant now) {
        return new Channel(
                id,
                ownerId,
                title,
                ChannelState.ENDED,
                streamKey,
                rtmpUrl,
                inputId,
                srtInputId,
                srtUrl,
                encoderChannelId,
                broadcastId,
                recordingKey,
                RecordingState.PENDING,
                startedAt,
                now,
                createdAt,
                now,
                version);
    }

    Channel recording(RecordingState newState, Instant now) {
        return new Channel(
                id,
                ownerId,
                title,
                state,
                streamKey,
                rtmpUrl,
                inputId,
                srtInputId,
                srtUrl,
                encoderChannelId,
                broadcastId,
                recordingKey,
                newState,
                startedAt,
                endedAt,
                createdAt,
                now,
                version);
    }

    /** Object key of the live multivariant playlist, which the CDN serves and playback signs cookies for. */
    String playlistPath() {
        return "live/" + id + "/master.m3u8";
    }
}
