package dev.vodflow.localaws.medialive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One run of a channel, from the first publish until the publisher is gone past the grace period or the channel
 * stops: the epoch-locked timeline, one pipeline per HLS destination (two for a STANDARD channel), all fed from the
 * one ingest, and the recording.
 *
 * <p>Every tag gets an epoch time: the wall clock at which its connection's first tag arrived, plus its timestamp
 * since then. Both pipelines cut on that one clock, which is what keeps them aligned; a publisher that reconnects
 * starts a new period of the timeline at the wall clock of its return.
 *
 * <p>FFmpeg's stream map must name only streams the publisher sends, so the first tags are held back until the
 * publisher's metadata (or its first second of media) says whether it sends audio, video or both.
 */
final class Broadcast {

    private static final Logger log = LoggerFactory.getLogger(Broadcast.class);
    /** Without metadata, this much media shows which streams there are. */
    private static final long SNIFF_MS = 1000;

    private static final String RECORDING_FLV = "recording.flv";
    private static final String RECORDING_TS = "recording.ts";

    private final String channelId;
    private final ChannelPlan plan;
    private final Path ffmpeg;
    private final int encoderNice;
    private final Path folder;
    private final S3Client s3;
    private final int archiveIndex;
    private final Timeline timeline;
    private final List<Object[]> heldBack = new ArrayList<>();
    /** The publisher's latest decoder configuration and metadata, for a pipeline that starts mid-stream. */
    private final Map<String, Object[]> init = new LinkedHashMap<>();

    private final List<Pipeline> pipelines = new ArrayList<>();
    /** One per pipeline: a pipeline whose uploads are slow must not hold back its twin's. */
    private final List<Thread> packagerThreads = new ArrayList<>();

    private OutputStream recording;
    private long recordingStart = -1;
    private Encoder.MediaKinds kinds;
    private boolean sawAudio;
    private boolean sawVideo;
    /** Wall clock minus timestamp of the current connection, or unset before its first tag. */
    private long anchor = Long.MIN_VALUE;

    private boolean periodOpen;
    /** The epoch millisecond every pipeline's timestamp 0 stands for. */
    private long base = Long.MIN_VALUE;

    private long lastFrameEpoch = Long.MIN_VALUE;
    private volatile boolean finished;

    Broadcast(
            String channelId,
            ChannelPlan plan,
            Path ffmpeg,
            int encoderNice,
            Path folder,
            S3Client s3,
            int archiveIndex) {
        this.channelId = channelId;
        this.plan = plan;
        this.ffmpeg = ffmpeg;
        this.encoderNice = encoderNice;
        this.folder = folder;
        this.s3 = s3;
        this.archiveIndex = archiveIndex;
        this.timeline = new Timeline(plan.segmentMillis());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void tag(int type, long timestampMs, byte[] payload) throws IOException {
        if (finished) {
            return;
        }
        if (anchor == Long.MIN_VALUE) {
            anchor = System.currentTimeMillis() - timestampMs;
        }
        long epoch = anchor + timestampMs;
        if (kinds != null) {
            dispatch(type, epoch, payload);
            return;
        }
        heldBack.add(new Object[] {type, epoch, payload});
        if (type == RtmpConnection.DATA_AMF0) {
            kinds = kindsFromMetadata(payload);
        }
        sawAudio |= type == RtmpConnection.AUDIO;
        sawVideo |= type == RtmpConnection.VIDEO;
        long first = (long) heldBack.get(0)[1];
        boolean enoughMedia = epoch - first >= SNIFF_MS && (sawAudio || sawVideo);
        if (kinds == null && !enoughMedia) {
            return;
        }
        if (kinds == null) {
            kinds = new Encoder.MediaKinds(sawAudio, sawVideo);
        }
        if (!kinds.audio() && !kinds.video()) {
            throw new IOException("the publisher's metadata announces neither audio nor video");
        }
        startPipelines();
        for (Object[] held : heldBack) {
            dispatch((int) held[0], (long) held[1], (byte[]) held[2]);
        }
        heldBack.clear();
    }

    private void startPipelines() throws IOException {
        recording = new BufferedOutputStream(Files.newOutputStream(folder.resolve(RECORDING_FLV)), 256 * 1024);
        Flv.header(recording, kinds);
        List<ChannelPlan.S3Location> destinations = plan.hlsBases();
        for (int i = 0; i < destinations.size(); i++) {
            String name = channelId + "/" + (char) ('a' + i);
            Pipeline pipeline = new Pipeline(
                    name,
                    plan,
                    destinations.get(i),
                    timeline,
                    kinds,
                    ffmpeg,
                    encoderNice,
                    folder.resolve("pipeline-" + i),
                    s3);
            pipelines.add(pipeline);
            Thread packager = new Thread(() -> packagerLoop(pipeline), "medialive-packager-" + name);
            packager.setDaemon(true);
            packager.start();
            packagerThreads.add(packager);
        }
        log.info("channel {}: encoding {} in {} pipeline(s)", channelId, kinds, pipelines.size());
    }

    private void dispatch(int type, long epoch, byte[] payload) throws IOException {
        if (type == RtmpConnection.DATA_AMF0) {
            init.put("metadata", new Object[] {type, payload});
        } else if (Flv.isSequenceHeader(type, payload)) {
            init.put(type == RtmpConnection.VIDEO ? "video" : "audio", new Object[] {type, payload});
        }
        if (recordingStart < 0) {
            recordingStart = epoch;
        }
        Flv.tag(recording, type, epoch - recordingStart, payload);
        boolean frame = kinds.video() ? isVideoFrame(type, payload) : isAudioFrame(type, payload);
        boolean startable = kinds.video() ? Flv.isKeyFrame(type, payload) : frame;
        if (!periodOpen && startable) {
            timeline.open(epoch);
            periodOpen = true;
            if (base == Long.MIN_VALUE) {
                // one timestamp origin for every process of every pipeline, on the grid, before any tag they get
                base = timeline.boundaryAtOrBefore(epoch) - plan.segmentMillis();
            }
        }
        if (!periodOpen) {
            return;
        }
        if (frame) {
            lastFrameEpoch = Math.max(lastFrameEpoch, epoch);
        }
        List<Object[]> decoderSetup = List.copyOf(init.values());
        for (Pipeline pipeline : pipelines) {
            pipeline.tag(type, epoch, payload, decoderSetup, base);
        }
    }

    private static boolean isVideoFrame(int type, byte[] payload) {
        return type == RtmpConnection.VIDEO && !Flv.isSequenceHeader(type, payload);
    }

    private static boolean isAudioFrame(int type, byte[] payload) {
        return type == RtmpConnection.AUDIO && !Flv.isSequenceHeader(type, payload);
    }

    /**
     * The publisher is gone (it may come back within the grace period): the period ends with its last frame, and
     * every pipeline finishes its process so that its last whole segments are stored now, not after the grace.
     */
    synchronized void publisherGone() {
        if (periodOpen) {
            timeline.close(lastFrameEpoch);
            periodOpen = false;
        }
        anchor = Long.MIN_VALUE;
        List<Encoder> ending = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            Encoder encoder = pipeline.detach();
            if (encoder != null) {
                ending.add(encoder);
            }
        }
        if (!ending.isEmpty()) {
            Thread finisher = new Thread(
                    () -> ending.forEach(encoder -> encoder.finish(java.time.Duration.ofSeconds(60))),
                    "medialive-end-stream-" + channelId);
            finisher.setDaemon(true);
            finisher.start();
        }
    }

    /** A publisher came back within the grace period: its stream continues this broadcast after a discontinuity. */
    synchronized void reconnected() {
        anchor = Long.MIN_VALUE;
    }

    /** Kills pipeline {@code index} (0 or 1), as a failure would. */
    synchronized boolean kill(int index) {
        if (index < 0 || index >= pipelines.size()) {
            return false;
        }
        pipelines.get(index).kill();
        return true;
    }

    synchronized boolean restart(int index) {
        if (index < 0 || index >= pipelines.size()) {
            return false;
        }
        pipelines.get(index).restart();
        return true;
    }

    synchronized int pipelinesRunning() {
        return (int) pipelines.stream().filter(Pipeline::running).count();
    }

    synchronized List<Pipeline> pipelines() {
        return List.copyOf(pipelines);
    }

    private static Encoder.MediaKinds kindsFromMetadata(byte[] payload) {
        try {
            List<Object> values = Amf0.decodeAll(payload);
            if (values.size() >= 2 && "onMetaData".equals(values.get(0)) && values.get(1) instanceof Map<?, ?> meta) {
                boolean video = meta.containsKey("videocodecid") || meta.containsKey("width");
                boolean audio = meta.containsKey("audiocodecid") || meta.containsKey("audiosamplerate");
                return video || audio ? new Encoder.MediaKinds(audio, video) : null;
            }
        } catch (RuntimeException e) {
            log.debug("unreadable metadata, looking at the media instead: {}", e.toString());
        }
        return null;
    }

    /**
     * Ends every pipeline and stores what is left: the last segments, playlists with {@code EXT-X-ENDLIST}, then the
     * recording under the archive destination ({@code base.000000.ts}, as MediaLive names archive files).
     *
     * @return the recording's object key, or null when there is none
     */
    String finish() {
        List<Pipeline> all;
        List<Thread> packagers;
        synchronized (this) {
            finished = true;
            if (periodOpen) {
                timeline.close(lastFrameEpoch);
                periodOpen = false;
            }
            all = List.copyOf(pipelines);
            packagers = List.copyOf(packagerThreads);
        }
        try {
            for (Thread packager : packagers) {
                packager.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(Pipeline::finish);
        try {
            return storeRecording();
        } finally {
            // the playlists end last: whoever sees ENDLIST finds the recording stored
            all.forEach(Pipeline::end);
        }
    }

    private String storeRecording() {
        synchronized (this) {
            if (recording == null) {
                return null;
            }
            try {
                recording.close();
            } catch (IOException e) {
                log.warn("channel {}: closing the recording failed", channelId, e);
                return null;
            }
        }
        if (plan.archiveBase() == null) {
            return null;
        }
        Path ts = folder.resolve(RECORDING_TS);
        if (!remux(folder.resolve(RECORDING_FLV), ts)) {
            return null;
        }
        String key = plan.archiveBase().key() + String.format(".%06d.ts", archiveIndex);
        s3.putObject(
                request -> request.bucket(plan.archiveBase().bucket()).key(key).contentType("video/mp2t"),
                RequestBody.fromFile(ts));
        log.info(
                "channel {}: recording stored as s3://{}/{}",
                channelId,
                plan.archiveBase().bucket(),
                key);
        return key;
    }

    /** The recording is the publisher's own streams, untouched: the VOD pipeline transcodes it afterwards. */
    private boolean remux(Path flv, Path ts) {
        try {
            Process process = new ProcessBuilder(List.of(
                            ffmpeg.toString(),
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-y",
                            "-f",
                            "flv",
                            "-i",
                            flv.toString(),
                            "-map",
                            "0",
                            "-c",
                            "copy",
                            "-f",
                            "mpegts",
                            ts.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("recording.log").toFile()))
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                log.warn("channel {}: storing the recording took longer than 10 minutes; given up", channelId);
                return false;
            }
            if (process.exitValue() != 0) {
                log.warn("channel {}: ffmpeg could not remux the recording (see {})", channelId, folder);
                return false;
            }
            return Files.size(ts) > 0;
        } catch (IOException e) {
            log.warn("channel {}: remuxing the recording failed: {}", channelId, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void packagerLoop(Pipeline pipeline) {
        while (!finished) {
            try {
                pipeline.sync();
            } catch (RuntimeException e) {
                log.warn(
                        "channel {}: storing pipeline {}'s output failed, retrying: {}",
                        channelId,
                        pipeline,
                        e.toString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
