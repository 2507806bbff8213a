package dev.vodflow.localaws.medialive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
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
 */
final class Encoder {

    private final Process process;
    private final OutputStream stdin;
    private final long base;
    private final Path folder;
    private boolean closed;

    private Encoder(Process process, long base, Path folder) {
        this.process = process;
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
        this.base = base;
        this.folder = folder;
    }

    /** Which elementary streams the publisher sends; FFmpeg's stream map must not name a missing one. */
    record MediaKinds(boolean audio, boolean video) {}

    /**
     * @param base the epoch millisecond of timestamp 0, on the grid
     * @param first the epoch millisecond of the first tag this process gets (with video, a key frame)
     */
    static Encoder start(Path ffmpeg, ChannelPlan plan, MediaKinds kinds, Path folder, long base, long first)
            throws IOException {
        java.nio.file.Files.createDirectories(folder);
        long length = plan.segmentMillis();
        // FFmpeg's t counts from the first frame: the first boundary falls this long after it
        long phase = Math.floorMod(length - Math.floorMod(first, length), length);
        ProcessBuilder builder = new ProcessBuilder(command(ffmpeg, plan, kinds, folder, phase))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        folder.resolve("ffmpeg.log").toFile()));
        Encoder encoder = new Encoder(builder.start(), base, folder);
        Flv.header(encoder.stdin, kinds);
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

    /** @param phaseMillis where the first boundary of the epoch grid falls after the first frame */
    static List<String> command(Path ffmpeg, ChannelPlan plan, MediaKinds kinds, Path folder, long phaseMillis) {
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
                        "-enc_time_base:v",
                        "-1",
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
            command.addAll(List.of(
                    "-f",
                    "segment",
                    "-segment_time",
                    String.valueOf(seconds),
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

    Path folder() {
        return folder;
    }

    /** Writes one tag whose epoch time is {@code epochMillis}. */
    synchronized void tag(int type, long epochMillis, byte[] payload) throws IOException {
        if (closed) {
            return;
        }
        Flv.tag(stdin, type, epochMillis - base, payload);
        if (type == RtmpConnection.VIDEO || type == RtmpConnection.AUDIO) {
            stdin.flush();
        }
    }

    /** Ends the input: FFmpeg writes its last segments and exits. */
    boolean finish(Duration patience) {
        synchronized (this) {
            closed = true;
            try {
                stdin.close();
            } catch (IOException ignored) {
                // FFmpeg already gone: waitFor tells
            }
        }
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** A pipeline failure: the process dies at once, whatever it had not written is lost. */
    synchronized void kill() {
        closed = true;
        process.destroyForcibly();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ffmpeg pid %d", process.pid());
    }
}
