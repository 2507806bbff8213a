package dev.vodflow.localaws.medialive;

import dev.vodflow.localaws.Niceness;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One FFmpeg process of one pipeline: it reads the publisher's FLV tags on its stdin, with timestamps counted from
 * {@link #base()} (an epoch millisecond on the grid, the same for every process of a broadcast), and cuts every rung
 * of the ladder into MPEG-TS segments, listed with their start times in a CSV file per rung. Timestamps go through
 * untouched ({@code -copyts}, the encoder in the input's millisecond time base), so the same frame has the same
 * presentation time in both pipelines and a player can take segment N from one and N + 1 from the other.
 *
 * <p>Key frames are forced on the first frame at or after every boundary of the epoch grid and nowhere else, and the
 * segment muxer cuts on key frames, so every segment after the first starts on a boundary; two processes fed the
 * same tags cut the same frames into the same segments, whenever each started. The first segment starts wherever
 * the process started and is never published.
 *
 * <p>Each process has its own feeding thread: {@link #tag} only queues. A process that reads slowly (starting up, or
 * short of CPU) would otherwise block the ingest's thread on a full pipe, and with it the other pipeline's feed, so
 * one pipeline's lag or restart would starve its twin; a process that falls {@link #MAX_BACKLOG_BYTES} behind has
 * failed and its pipeline restarts it.
 */
final class Encoder {

    /** The sample rate of an audio-only channel's rendition (MediaLive's default for AAC). */
    private static final int AUDIO_ONLY_RATE = 48_000;

    /** Minutes of the streams an ingest takes: a process this far behind will not catch up. */
    static final long MAX_BACKLOG_BYTES = 64L * 1024 * 1024;

    /** Ends the queue: the feeding thread closes FFmpeg's stdin once it has written everything before it. */
    private static final byte[] END = new byte[0];

    private final Process process;
    private final OutputStream stdin;
    private final long base;
    private final long first;
    private final Path folder;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Thread feeder;
    private long queuedBytes;
    private IOException feedFailure;
    private boolean closed;

    private Encoder(Process process, long base, long first, Path folder) {
        this.process = process;
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
        this.base = base;
        this.first = first;
        this.folder = folder;
        this.feeder = new Thread(this::feed, "medialive-feed-" + process.pid());
        this.feeder.setDaemon(true);
    }

    /** Which elementary streams the publisher sends; FFmpeg's stream map must not name a missing one. */
    record MediaKinds(boolean audio, boolean video) {}

    /**
     * @param nice the process's nice value, where allowed ({@link Niceness})
     * @param base the epoch millisecond of timestamp 0, on the grid
     * @param first the epoch millisecond of the first tag this process gets (with video, a key frame)
     */
    static Encoder start(Path ffmpeg, int nice, ChannelPlan plan, MediaKinds kinds, Path folder, long base, long first)
            throws IOException {
        java.nio.file.Files.createDirectories(folder);
        ProcessBuilder builder = new ProcessBuilder(command(ffmpeg, plan, kinds, folder, base, first))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        folder.resolve("ffmpeg.log").toFile()));
        Encoder encoder = new Encoder(Niceness.start(builder, nice), base, first, folder);
        ByteArrayOutputStream header = new ByteArrayOutputStream(13);
        Flv.header(header, kinds);
        encoder.enqueue(header.toByteArray());
        encoder.feeder.start();
        return encoder;
    }

    /** The rungs this publisher gets: the ladder with video, one audio rendition without. */
    static List<String> rungNames(ChannelPlan plan, MediaKinds kinds) {
        return kinds.video()
                ? plan.ladder().stream().map(ChannelPlan.Rung::nameModifier).toList()
                : List.of("_audio");
    }

    static String csv(int rung) {
        return "r" + rung + ".csv";
    }

    /**
     * Where FFmpeg cuts: the segment muxer starts a segment on a key frame (of the video, or on any audio frame
     * without video) once a packet passes its next cut time, and those cut times are not counted alike by every
     * FFmpeg: 5.1 (Debian's) counts them from timestamp 0, 8 (the bundled build) from the first packet. So nothing
     * here depends on that count: with video the cut time is set so small that every key frame cuts, and key frames
     * fall on the grid only; audio alone has no key frames to steer by, so its first packet is put on the grid (the
     * stream is padded with silence back to the boundary before the first frame), where both counts agree.
     *
     * @param base the epoch millisecond of timestamp 0, on the grid
     * @param first the epoch millisecond of the first tag this process gets
     */
    static List<String> command(Path ffmpeg, ChannelPlan plan, MediaKinds kinds, Path folder, long base, long first) {
        long length = plan.segmentMillis();
        // FFmpeg's t counts from the first frame: the first boundary falls this long after it
        long phaseMillis = Math.floorMod(length - Math.floorMod(first, length), length);
        // the boundary at or before the first frame, in this process's timestamps
        long gridStartMillis = first - Math.floorMod(first, length) - base;
        List<String> command = new ArrayList<>(List.of(
                ffmpeg.toString(),
                "-hide_banner",
                "-nostats",
                "-loglevel",
                "warning",
                "-copyts",
                "-f",
                "flv",
                "-i",
                "pipe:0"));
        List<ChannelPlan.Rung> ladder = plan.ladder();
        long seconds = plan.segmentLength().toSeconds();
        if (kinds.video()) {
            StringBuilder filter = new StringBuilder("[0:v]split=" + ladder.size());
            for (int i = 0; i < ladder.size(); i++) {
                filter.append("[s").append(i).append(']');
            }
            for (int i = 0; i < ladder.size(); i++) {
                filter.append(";[s")
                        .append(i)
                        .append(']')
                        .append(scale(ladder.get(i)))
                        .append("[v")
                        .append(i)
                        .append(']');
            }
            command.addAll(List.of("-filter_complex", filter.toString()));
        }
        int rungs = rungNames(plan, kinds).size();
        for (int i = 0; i < rungs; i++) {
            if (kinds.video()) {
                int bitrate = ladder.get(i).bitrate();
                command.addAll(List.of(
                        "-map",
                        "[v" + i + "]",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-tune",
                        "zerolatency",
                        "-profile:v",
                        "main",
                        "-level:v",
                        "4.0",
                        "-sc_threshold",
                        "0",
                        "-g",
                        "100000",
                        "-forced-idr",
                        "1",
                        // a key frame on the first frame at or after each boundary of the epoch grid, none elsewhere
                        "-force_key_frames",
                        String.format(
                                Locale.ROOT,
                                "expr:if(isnan(prev_forced_t),1,gte(floor((t-%2$.3f)/%1$d+0.0001),"
                                        + "floor((prev_forced_t-%2$.3f)/%1$d+0.0001)+1))",
                                seconds,
                                phaseMillis / 1000.0),
                        "-fps_mode",
                        "passthrough",
                        // the input's time base, spelt out: FLV's is 1/1000 always; "-1" (5.1's spelling of
                        // "the demuxer's") is deprecated in 8, whose "demux" 5.1 does not know
                        "-enc_time_base:v",
                        "1/1000",
                        "-b:v",
                        String.valueOf(bitrate),
                        "-maxrate:v",
                        String.valueOf(bitrate * 11 / 10),
                        "-bufsize:v",
                        String.valueOf(bitrate)));
            }
            if (kinds.audio()) {
                command.addAll(List.of(
                        "-map", "0:a:0", "-c:a", "aac", "-b:a", String.valueOf(plan.audioBitrate()), "-ac", "2"));
            }
            if (!kinds.video()) {
                // first_pts counts samples at the rate going in, hence the resampling to a known rate before it
                command.addAll(List.of(
                        "-af",
                        "aresample=" + AUDIO_ONLY_RATE + ",aresample=first_pts="
                                + gridStartMillis * AUDIO_ONLY_RATE / 1000));
            }
            command.addAll(List.of(
                    "-f",
                    "segment",
                    "-segment_time",
                    kinds.video() ? "0.001" : String.valueOf(seconds),
                    "-segment_format",
                    "mpegts",
                    "-segment_list",
                    folder.resolve(csv(i)).toString(),
                    "-segment_list_type",
                    "csv",
                    "-reset_timestamps",
                    "0",
                    folder.resolve("r" + i + "_%06d.ts").toString()));
        }
        return command;
    }

    /**
     * Any source size into the rung's exact size: fit, keep the aspect ratio, pad the rest (as MediaLive's
     * letterboxing does), so a rung's resolution is what the channel asked for whatever the publisher sends.
     */
    private static String scale(ChannelPlan.Rung rung) {
        if (rung.width() <= 0 || rung.height() <= 0) {
            int width = rung.width() > 0 ? rung.width() : -2;
            int height = rung.height() > 0 ? rung.height() : -2;
            return "scale=w=" + width + ":h=" + height + ":force_divisible_by=2,setsar=1,format=yuv420p";
        }
        return "scale=w=" + rung.width() + ":h=" + rung.height()
                + ":force_original_aspect_ratio=decrease:force_divisible_by=2,pad=" + rung.width() + ":"
                + rung.height() + ":(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p";
    }

    /** The epoch millisecond of this process's timestamp 0. */
    long base() {
        return base;
    }

    /** The epoch millisecond of the first tag this process got: nothing before it is in its output. */
    long first() {
        return first;
    }

    Path folder() {
        return folder;
    }

    /**
     * Queues one tag whose epoch time is {@code epochMillis} for FFmpeg; never waits for FFmpeg to read.
     *
     * @throws IOException when FFmpeg is gone or has fallen {@link #MAX_BACKLOG_BYTES} behind
     */
    void tag(int type, long epochMillis, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 15);
        Flv.tag(bytes, type, epochMillis - base, payload);
        synchronized (this) {
            if (closed) {
                return;
            }
            if (feedFailure != null) {
                throw feedFailure;
            }
            if (queuedBytes > MAX_BACKLOG_BYTES) {
                throw new IOException(
                        "ffmpeg has fallen " + queuedBytes / 1024 + " KiB of input behind and is given up");
            }
            enqueue(bytes.toByteArray());
        }
    }

    private synchronized void enqueue(byte[] bytes) {
        queue.add(bytes);
        queuedBytes += bytes.length;
        notifyAll();
    }

    /** The feeding thread: writes what is queued, flushing whenever the queue runs dry, until the end or an error. */
    private void feed() {
        try {
            while (true) {
                byte[] next;
                boolean drained;
                synchronized (this) {
                    while (queue.isEmpty()) {
                        wait();
                    }
                    next = queue.poll();
                    queuedBytes -= next.length;
                    drained = queue.isEmpty();
                }
                if (next == END) {
                    stdin.close();
                    return;
                }
                stdin.write(next);
                if (drained) {
                    stdin.flush();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                feedFailure = e;
                queue.clear();
                queuedBytes = 0;
            }
            closeQuietly();
        } catch (InterruptedException e) {
            // killed: the process is gone already
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // FFmpeg already gone
        }
    }

    /** Ends the input once everything queued is written: FFmpeg writes its last segments and exits. */
    boolean finish(Duration patience) {
        synchronized (this) {
            if (!closed) {
                closed = true;
                enqueue(END);
            }
        }
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                feeder.interrupt();
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            feeder.interrupt();
            return false;
        }
    }

    /** A pipeline failure: the process dies at once, whatever it had not written is lost. */
    void kill() {
        synchronized (this) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
        }
        process.destroyForcibly();
        feeder.interrupt();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ffmpeg pid %d", process.pid());
    }
}
