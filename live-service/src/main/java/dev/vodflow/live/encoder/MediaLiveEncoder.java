package dev.vodflow.live.encoder;

import dev.vodflow.live.LiveProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ChannelClass;
import software.amazon.awssdk.services.medialive.model.ChannelState;
import software.amazon.awssdk.services.medialive.model.EncoderSettings;
import software.amazon.awssdk.services.medialive.model.GlobalConfigurationOutputLockingMode;
import software.amazon.awssdk.services.medialive.model.HlsProgramDateTime;
import software.amazon.awssdk.services.medialive.model.Input;
import software.amazon.awssdk.services.medialive.model.InputDestinationRequest;
import software.amazon.awssdk.services.medialive.model.InputType;
import software.amazon.awssdk.services.medialive.model.NotFoundException;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.OutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.OutputGroup;
import software.amazon.awssdk.services.medialive.model.VideoDescription;

/**
 * Drives MediaLive through the AWS SDK: one RTMP push input per channel whose stream name carries the secret key,
 * and one STANDARD channel (two pipelines) with two output groups into S3: the HLS ladder, pipeline A under
 * {@code live-a/{channelId}/} and pipeline B under {@code live-b/{channelId}/}, which the CDN's origin group serves
 * to viewers as {@code live/{channelId}/}; and the archive (the recording) under the input folder, where the upload
 * path picks it up as an ordinary video.
 */
@Component
public class MediaLiveEncoder {

    /** The RTMP application name; the stream key is the instance name ({@code rtmp://host/live/KEY}). */
    public static final String APP = "live";

    /** Where each pipeline writes, pipeline A (the CDN's primary origin) first. */
    public static final List<String> PIPELINE_PREFIXES = List.of("live-a/", "live-b/");

    private static final String HLS_DESTINATION = "hls";
    private static final String ARCHIVE_DESTINATION = "archive";
    private static final String AUDIO = "aac";

    private final MediaLiveClient client;
    private final LiveProperties.Live settings;
    private final String bucket;

    MediaLiveEncoder(MediaLiveClient client, LiveProperties properties) {
        this.client = client;
        this.settings = properties.live();
        this.bucket = properties.aws().s3().bucket();
    }

    /** The MediaLive resources of one channel and where an encoder publishes to it. */
    public record Provisioned(String inputId, String encoderChannelId, String rtmpUrl) {}

    /** Where a channel's encoder is: MediaLive's IDLE (stopped, outputs complete), RUNNING, or on its way. */
    public enum State {
        IDLE,
        RUNNING,
        CHANGING,
        GONE
    }

    public Provisioned create(String channelId, String streamKey, String archiveKeyBase) {
        Input input = client.createInput(request -> {
                    request.name("vodflow-" + channelId)
                            .type(InputType.RTMP_PUSH)
                            // a STANDARD input: one entry point per pipeline, the same key on both
                            .destinations(pushDestinations(streamKey));
                    if (!settings.inputSecurityGroupId().isBlank()) {
                        request.inputSecurityGroups(settings.inputSecurityGroupId());
                    }
                })
                .input();
        String encoderChannelId = client.createChannel(request -> request.name("vodflow-" + channelId)
                        // two pipelines with epoch-locked output: either can serve a viewer mid-stream
                        .channelClass(ChannelClass.STANDARD)
                        .roleArn(settings.mediaLiveRoleArn())
                        .inputAttachments(a -> a.inputId(input.id()).inputAttachmentName("ingest"))
                        .destinations(destinations(channelId, archiveKeyBase))
                        .encoderSettings(encoderSettings()))
                .channel()
                .id();
        return new Provisioned(input.id(), encoderChannelId, rtmpUrl(input));
    }

    /** Replaces the key; a publisher already on air keeps going, the next connection needs the new key. */
    public String rotateKey(String inputId, String streamKey) {
        Input input = client.updateInput(request -> request.inputId(inputId).destinations(pushDestinations(streamKey)))
                .input();
        return rtmpUrl(input);
    }

    /** Points the archive at this broadcast's recording, then starts the channel. */
    public void start(String channelId, String encoderChannelId, String archiveKeyBase) {
        client.updateChannel(
                request -> request.channelId(encoderChannelId).destinations(destinations(channelId, archiveKeyBase)));
        client.startChannel(request -> request.channelId(encoderChannelId));
    }

    public void stop(String encoderChannelId) {
        client.stopChannel(request -> request.channelId(encoderChannelId));
    }

    public State state(String encoderChannelId) {
        try {
            ChannelState state =
                    client.describeChannel(r -> r.channelId(encoderChannelId)).state();
            return switch (state) {
                case IDLE -> State.IDLE;
                case RUNNING -> State.RUNNING;
                case DELETED -> State.GONE;
                default -> State.CHANGING;
            };
        } catch (NotFoundException e) {
            return State.GONE;
        }
    }

    public void delete(String encoderChannelId, String inputId) {
        try {
            client.deleteChannel(r -> r.channelId(encoderChannelId));
        } catch (NotFoundException alreadyGone) {
            // deleted before: carry on with the input
        }
        try {
            client.deleteInput(r -> r.inputId(inputId));
        } catch (NotFoundException alreadyGone) {
            // deleted before
        }
    }

    /** MediaLive names archive files {@code base} + name modifier + a six-digit rollover index + extension. */
    public static String recordingKey(String archiveKeyBase) {
        return archiveKeyBase + ".000000.ts";
    }

    private static String rtmpUrl(Input input) {
        return input.destinations().isEmpty()
                ? null
                : input.destinations().get(0).url();
    }

    private static List<InputDestinationRequest> pushDestinations(String streamKey) {
        InputDestinationRequest destination = InputDestinationRequest.builder()
                .streamName(APP + "/" + streamKey)
                .build();
        return List.of(destination, destination);
    }

    private List<OutputDestination> destinations(String channelId, String archiveKeyBase) {
        return List.of(
                OutputDestination.builder()
                        .id(HLS_DESTINATION)
                        .settings(PIPELINE_PREFIXES.stream()
                                .map(prefix -> OutputDestinationSettings.builder()
                                        .url("s3ssl://" + bucket + "/" + prefix + channelId + "/master")
                                        .build())
                                .toList())
                        .build(),
                OutputDestination.builder()
                        .id(ARCHIVE_DESTINATION)
                        // One archive per pipeline, as MediaLive requires, at two different places so the pipelines
                        // never overwrite each other's files: pipeline A's under input/ is the recording the VOD
                        // pipeline picks up; pipeline B's is a spare beside its live output (not under input/, so
                        // it is not uploaded twice), kept as long as the live folders are.
                        .settings(
                                s -> s.url("s3ssl://" + bucket + "/" + archiveKeyBase),
                                s -> s.url("s3ssl://" + bucket + "/" + PIPELINE_PREFIXES.get(1) + channelId
                                        + "/recordings/"
                                        + archiveKeyBase.substring(archiveKeyBase.lastIndexOf('/') + 1)))
                        .build());
    }

    /**
     * The ladder from configuration, 1 s segments with program date-time (players and the latency benchmark
     * read wall-clock time from it), and the archive at the top rung's settings.
     */
    EncoderSettings encoderSettings() {
        List<VideoDescription> videos = new ArrayList<>();
        List<Output> hlsOutputs = new ArrayList<>();
        for (LiveProperties.Rung rung : settings.ladder()) {
            String name = "video" + rung.name();
            videos.add(VideoDescription.builder()
                    .name(name)
                    .width(rung.width())
                    .height(rung.height())
                    .codecSettings(c -> c.h264Settings(h -> h.bitrate(rung.bitrate())
                            .gopSize((double) settings.segmentLength().toSeconds())
                            .gopSizeUnits("SECONDS")))
                    .build());
            hlsOutputs.add(Output.builder()
                    .outputName(rung.name().replaceFirst("^_", ""))
                    .videoDescriptionName(name)
                    .audioDescriptionNames(AUDIO)
                    .outputSettings(o -> o.hlsOutputSettings(h -> h.nameModifier(rung.name())
                            .hlsSettings(s -> s.standardHlsSettings(st -> st.m3u8Settings(m -> {})))))
                    .build());
        }
        OutputGroup hls = OutputGroup.builder()
                .name("hls")
                .outputGroupSettings(
                        s -> s.hlsGroupSettings(h -> h.destination(d -> d.destinationRefId(HLS_DESTINATION))
                                .segmentLength((int) settings.segmentLength().toSeconds())
                                .indexNSegments(settings.windowSegments())
                                .programDateTime(HlsProgramDateTime.INCLUDE)
                                .programDateTimePeriod(1)))
                .outputs(hlsOutputs)
                .build();
        OutputGroup archive = OutputGroup.builder()
                .name("archive")
                .outputGroupSettings(
                        s -> s.archiveGroupSettings(a -> a.destination(d -> d.destinationRefId(ARCHIVE_DESTINATION))
                                // one file per broadcast: a broadcast of up to a day is one recording
                                .rolloverInterval(86_400)))
                .outputs(Output.builder()
                        .outputName("recording")
                        .videoDescriptionName(videos.get(0).name())
                        .audioDescriptionNames(AUDIO)
                        .outputSettings(o -> o.archiveOutputSettings(
                                a -> a.nameModifier("").containerSettings(c -> c.m2tsSettings(m -> {}))))
                        .build())
                .build();
        return EncoderSettings.builder()
                .videoDescriptions(videos)
                .audioDescriptions(a -> a.name(AUDIO)
                        .audioSelectorName("default")
                        .codecSettings(c -> c.aacSettings(s -> s.bitrate((double) settings.audioBitrate()))))
                .outputGroups(hls, archive)
                .timecodeConfig(t -> t.source("SYSTEMCLOCK"))
                // segment N starts at the same epoch instant in both pipelines, so the CDN can switch between them
                .globalConfiguration(g -> g.outputLockingMode(GlobalConfigurationOutputLockingMode.EPOCH_LOCKING))
                .build();
    }
}
