package dev.vodflow.localaws.medialive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One run of a channel's encoder, from the first publish until the publisher is gone past the grace period or the
 * channel stops: the FFmpeg process, the mirror copying its output to S3, and at the end the recording.
 *
 * <p>FFmpeg's stream map must name only streams the publisher sends, so the first tags are held back until the
 * publisher's metadata (or its first second of media) says whether it sends audio, video or both.
 */
final class Broadcast {

    private static final Logger log = LoggerFactory.getLogger(Broadcast.class);
    /** Without metadata, this much media shows which streams there are. */
    private static final long SNIFF_MS = 1000;

    private final String channelId;
    private final ChannelPlan plan;
    private final Path ffmpeg;
    private final Path folder;
    private final S3Client s3;
    private final int archiveIndex;
    private final List<Object[]> heldBack = new ArrayList<>();
    private final SegmentMirror mirror;
    private final Thread mirrorThread;
    private Encoder encoder;
    private Encoder.MediaKinds kinds;
    private boolean sawAudio;
    private boolean sawVideo;
    private volatile boolean finished;

    Broadcast(String channelId, ChannelPlan plan, Path ffmpeg, Path folder, S3Client s3, int archiveIndex) {
        this.channelId = channelId;
        this.plan = plan;
        this.ffmpeg = ffmpeg;
        this.folder = folder;
        this.s3 = s3;
        this.archiveIndex = archiveIndex;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.mirror = new SegmentMirror(s3, folder, plan.hlsBase());
        this.mirrorThread = new Thread(this::mirrorLoop, "medialive-mirror-" + channelId);
        this.mirrorThread.setDaemon(true);
        this.mirrorThread.start();
    }

    synchronized void tag(int type, long timestampMs, byte[] payload) throws IOException {
        if (encoder != null) {
            encoder.tag(type, timestampMs, payload);
            return;
        }
        heldBack.add(new Object[] {type, timestampMs, payload});
        if (type == RtmpConnection.DATA_AMF0 && kinds == null) {
            kinds = kindsFromMetadata(payload);
        }
        sawAudio |= type == RtmpConnection.AUDIO;
        sawVideo |= type == RtmpConnection.VIDEO;
        long first = (long) heldBack.get(0)[1];
        boolean enoughMedia = timestampMs - first >= SNIFF_MS && (sawAudio || sawVideo);
        if (kinds == null && !enoughMedia) {
            return;
        }
        if (kinds == null) {
            kinds = new Encoder.MediaKinds(sawAudio, sawVideo);
        }
        if (!kinds.audio() && !kinds.video()) {
            throw new IOException("the publisher's metadata announces neither audio nor video");
        }
        encoder = Encoder.start(ffmpeg, plan, kinds, folder, folder.resolve("ffmpeg.log"));
        log.info("channel {}: encoding {} with {}", channelId, kinds, encoder);
        for (Object[] held : heldBack) {
            encoder.tag((int) held[0], (long) held[1], (byte[]) held[2]);
        }
        heldBack.clear();
    }

    /** A publisher came back within the grace period: the same encoder carries on. */
    synchronized void reconnected() {
        if (encoder != null) {
            encoder.continueAfterReconnect();
        }
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
     * Ends the encoder and stores what is left: the last segments, playlists with {@code EXT-X-ENDLIST}, then the
     * recording under the archive destination ({@code base.000000.ts}, as MediaLive names archive files).
     *
     * @return the recording's object key, or null when there is none
     */
    String finish() {
        Encoder running;
        synchronized (this) {
            running = encoder;
            finished = true;
        }
        if (running != null && !running.finish(Duration.ofSeconds(60))) {
            log.warn("channel {}: ffmpeg did not end within 60 s and was killed", channelId);
        }
        try {
            mirrorThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mirror.sync();
        Path recording = folder.resolve(Encoder.RECORDING);
        if (running == null || plan.archiveBase() == null || !Files.exists(recording)) {
            return null;
        }
        String key = plan.archiveBase().key() + String.format(".%06d.ts", archiveIndex);
        s3.putObject(
                request -> request.bucket(plan.archiveBase().bucket()).key(key).contentType("video/mp2t"),
                RequestBody.fromFile(recording));
        log.info(
                "channel {}: recording stored as s3://{}/{}",
                channelId,
                plan.archiveBase().bucket(),
                key);
        return key;
    }

    private void mirrorLoop() {
        while (!finished) {
            try {
                mirror.sync();
            } catch (RuntimeException e) {
                log.warn("channel {}: copying HLS output to S3 failed, retrying: {}", channelId, e.toString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
