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
import software.amazon.awssdk.services.medialive.model.InputPreference;
import software.amazon.awssdk.services.medialive.model.InputType;
import software.amazon.awssdk.services.medialive.model.NotFoundException;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.OutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.OutputGroup;
import software.amazon.awssdk.services.medialive.model.VideoDescription;

/**
 * Drives MediaLive through the AWS SDK: two inputs per channel, an RTMP push input whose stream name carries the
 * secret key and an SRT listener input that takes the same key as the caller's streamid, attached as an automatic
 * input failover pair so the broadcaster may use either; and one STANDARD channel (two pipelines) with two output groups into S3: the HLS ladder, pipeline A under
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

    /**
     * The MediaLive resources of one channel and where an encoder publishes to it.
     *
     * @param srtUrl the SRT listener's address ({@code srt://host:port}); callers add {@code ?streamid=KEY}
     */
    public record Provisioned(
            String inputId, String encoderChannelId, String rtmpUrl, String srtInputId, String srtUrl) {}

    /** The input type MediaLive calls SRT_LISTENER, which the pinned SDK does not model (see SrtListenerSettings). */
    static final String SRT_LISTENER = "SRT_LISTENER";

    /** The SRT receive latency MediaLive's listener is set for, in milliseconds (its minimumLatency). */
    public static final int SRT_LATENCY_MS = SrtListenerSettings.MINIMUM_LATENCY_MS;

    /** How long an ingest may be silent before MediaLive takes the other one (RTMP and SRT are a failover pair). */
    static final int INPUT_LOSS_THRESHOLD_MS = 1000;

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
        Input srt = client.createInput(request -> {
                    request.name("vodflow-" + channelId + "-srt")
                            .type(SRT_LISTENER)
                            .overrideConfiguration(
                                    o -> o.putExecutionAttribute(SrtListenerSettings.STREAM_ID, streamKey));
                    if (!settings.inputSecurityGroupId().isBlank()) {
                        request.inputSecurityGroups(settings.inputSecurityGroupId());
                    }
                })
                .input();
        String encoderChannelId = client.createChannel(request -> request.name("vodflow-" + channelId)
                        // two pipelines with epoch-locked output: either can serve a viewer mid-stream
                        .channelClass(ChannelClass.STANDARD)
                        .roleArn(settings.mediaLiveRoleArn())
                        // RTMP and SRT as an automatic input failover pair: whichever the broadcaster publishes to
                        // has content, the other is lost, and MediaLive takes the one with content (equal preference:
                        // it does not switch back while that one keeps going)
                        .inputAttachments(
                                a -> a.inputId(input.id())
                                        .inputAttachmentName("ingest")
                                        .automaticInputFailoverSettings(f -> f.secondaryInputId(srt.id())
                                                .inputPreference(InputPreference.EQUAL_INPUT_PREFERENCE)
                                                .failoverConditions(
                                                        c -> c.failoverConditionSettings(s -> s.inputLossSettings(l ->
                                                                l.inputLossThresholdMsec(INPUT_LOSS_THRESHOLD_MS))))),
                                a -> a.inputId(srt.id()).inputAttachmentName("ingest-srt"))
                        .destinations(destinations(channelId, archiveKeyBase))
                        .encoderSettings(encoderSettings()))
                .channel()
                .id();
        return new Provisioned(input.id(), encoderChannelId, rtmpUrl(input), srt.id(), firstUrl(srt));
    }

    /**
     * Replaces the key on both ingests (a channel made before SRT ingest has none: {@code srtInputId} null); a
     * publisher already on air keeps going, the next connection needs the new key.
     *
     * @return the new RTMP URL
     */
    public String rotateKey(String inputId, String srtInputId, String streamKey) {
        Input input = client.updateInput(request -> request.inputId(inputId).destinations(pushDestinations(streamKey)))
                .input();
        if (srtInputId != null) {
            client.updateInput(request -> request.inputId(srtInputId)
                    .overrideConfiguration(o -> o.putExecutionAttribute(SrtListenerSettings.STREAM_ID, streamKey)));
        }
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

    /** @param inputIds the channel's inputs (RTMP, and SRT when it has one; nulls are skipped) */
    public void delete(String encoderChannelId, String... inputIds) {
        try {
            client.deleteChannel(r -> r.channelId(encoderChannelId));
        } catch (NotFoundException alreadyGone) {
            // deleted before: carry on with the inputs
        }
        for (String inputId : inputIds) {
            if (inputId == null) {
                continue;
            }
            try {
                client.deleteInput(r -> r.inputId(inputId));
            } catch (NotFoundException alreadyGone) {
                // deleted before
            }
        }
    }

    /** MediaLive names archive files {@code base} + name modifier + a six-digit rollover index + extension. */
    public static String recordingKey(String archiveKeyBase) {
        return archiveKeyBase + ".000000.ts";
    }

    private static String rtmpUrl(Input input) {
        return firstUrl(input);
    }

    /** A STANDARD input has one entry point per pipeline; encoders here publish to the first (see README). */
    private static String firstUrl(Input input) {
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
