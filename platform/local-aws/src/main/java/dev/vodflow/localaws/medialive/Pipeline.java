package dev.vodflow.localaws.medialive;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One of a channel's pipelines: its FFmpeg process and its own S3 destination. A pipeline starts (and restarts) on a
 * key frame, from the broadcast's decoder configuration, so it can join a stream in the middle; it cuts on the same
 * epoch grid as its twin. It fails alone: an FFmpeg that dies takes only this pipeline down, and it comes back on
 * the next key frame unless it was killed on purpose.
 */
final class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    enum State {
        /** Waiting for a frame to start from. */
        STARTING,
        RUNNING,
        /** Killed by {@link #kill()}: down until {@link #restart()}. */
        KILLED,
        ENDED
    }

    private final String name;
    private final ChannelPlan plan;
    private final Encoder.MediaKinds kinds;
    private final Path ffmpeg;
    private final int encoderNice;
    private final Path folder;
    private final Packager packager;
    private Encoder encoder;
    private int generation;
    private long first;
    private State state = State.STARTING;
    private boolean killedAtTheEnd;

    Pipeline(
            String name,
            ChannelPlan plan,
            ChannelPlan.S3Location destination,
            Timeline timeline,
            Encoder.MediaKinds kinds,
            Path ffmpeg,
            int encoderNice,
            Path folder,
            S3Client s3) {
        this.name = name;
        this.plan = plan;
        this.kinds = kinds;
        this.ffmpeg = ffmpeg;
        this.encoderNice = encoderNice;
        this.folder = folder;
        this.packager = new Packager(s3, destination, plan, timeline, kinds);
    }

    /**
     * Feeds one tag; a pipeline waiting to start begins with a frame a decoder can start from, preceded by the
     * decoder configuration in {@code init}.
     */
    synchronized void tag(int type, long epochMillis, byte[] payload, List<Object[]> init, long base) {
        if (state == State.KILLED || state == State.ENDED) {
            return;
        }
        if (state == State.STARTING) {
            if (!canStartWith(type, payload)) {
                return;
            }
            try {
                encoder = Encoder.start(
                        ffmpeg, encoderNice, plan, kinds, folder.resolve("g" + generation++), base, epochMillis);
                first = epochMillis;
                for (Object[] held : init) {
                    encoder.tag((int) held[0], epochMillis, (byte[]) held[1]);
                }
                packager.follow(encoder);
                state = State.RUNNING;
                log.info("pipeline {}: encoding with {}", name, encoder);
            } catch (IOException e) {
                log.warn("pipeline {}: cannot start ffmpeg: {}", name, e.toString());
                return;
            }
        }
        if (epochMillis < first) {
            return;
        }
        try {
            encoder.tag(type, epochMillis, payload);
        } catch (IOException e) {
            log.warn("pipeline {}: ffmpeg is gone ({}); restarting on the next key frame", name, e.toString());
            encoder.kill();
            encoder = null;
            state = State.STARTING;
        }
    }

    private boolean canStartWith(int type, byte[] payload) {
        if (kinds.video()) {
            return Flv.isKeyFrame(type, payload);
        }
        return type == RtmpConnection.AUDIO && !Flv.isSequenceHeader(type, payload);
    }

    /** A pipeline failure for tests and drills: FFmpeg dies at once and the pipeline stays down. */
    synchronized void kill() {
        if (state == State.ENDED) {
            return;
        }
        if (encoder != null) {
            encoder.kill();
            encoder = null;
        }
        state = State.KILLED;
        log.info("pipeline {}: killed", name);
    }

    /** Brings a killed pipeline back: it starts again on the next key frame. */
    synchronized void restart() {
        if (state == State.KILLED) {
            state = State.STARTING;
            log.info("pipeline {}: restarting on the next key frame", name);
        }
    }

    /**
     * The publisher's stream broke off (a reconnect follows, or the end): FFmpeg finishes what it has, and the next
     * stream starts a new process.
     */
    void endStream() {
        Encoder running = detach();
        if (running != null && !running.finish(Duration.ofSeconds(60))) {
            log.warn("pipeline {}: ffmpeg did not end within 60 s and was killed", name);
        }
    }

    /** Takes the running process out of the pipeline, for the caller to finish; the next stream starts a new one. */
    synchronized Encoder detach() {
        Encoder running = encoder;
        encoder = null;
        if (state == State.RUNNING) {
            state = State.STARTING;
        }
        return running;
    }

    /** The broadcast is over: FFmpeg finishes and stores its last segments; {@link #end()} then ends the playlists. */
    void finish() {
        synchronized (this) {
            killedAtTheEnd = state == State.KILLED;
        }
        endStream();
        synchronized (this) {
            state = State.ENDED;
        }
        packager.sync(false);
    }

    /**
     * Writes the playlists a last time, with {@code EXT-X-ENDLIST}. A killed pipeline's stay as they were: ending
     * them would end a stream whose end it missed.
     */
    void end() {
        if (!killedAtTheEnd) {
            packager.sync(true);
        }
    }

    void sync() {
        packager.sync(false);
    }

    synchronized boolean running() {
        return state == State.RUNNING && encoder != null && encoder.alive();
    }

    @Override
    public String toString() {
        return name;
    }
}
