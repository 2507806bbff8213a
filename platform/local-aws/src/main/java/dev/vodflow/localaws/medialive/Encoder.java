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
 * One FFmpeg process encoding a publisher's FLV stream (fed through its stdin) into the channel's HLS ladder in a
 * local folder, plus the recording. Key frames are forced on every segment boundary, so every segment starts with
 * one and has the configured length, whatever the publisher's GOP.
 */
final class Encoder {

    static final String MASTER = "master.m3u8";
    static final String RECORDING = "recording.ts";

    private final Process process;
    private final OutputStream stdin;
    private long lastTimestamp = -1;
    private long offset;
    private boolean closed;

    private Encoder(Process process) {
        this.process = process;
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
    }

    static Encoder start(Path ffmpeg, ChannelPlan plan, MediaKinds kinds, Path folder, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(ffmpeg, plan, kinds, folder))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Encoder encoder = new Encoder(builder.start());
        encoder.writeHeader(kinds);
        return encoder;
    }

    /** Which elementary streams the publisher sends; FFmpeg's stream map must not name a missing one. */
    record MediaKinds(boolean audio, boolean video) {}

    static List<String> command(Path ffmpeg, ChannelPlan plan, MediaKinds kinds, Path folder) {
        List<String> command = new ArrayList<>(List.of(
                ffmpeg.toString(), "-hide_banner", "-nostats", "-loglevel", "warning", "-f", "flv", "-i", "pipe:0"));
        List<ChannelPlan.Rung> ladder = plan.ladder();
        long segmentSeconds = plan.segmentLength().toSeconds();
        StringBuilder streamMap = new StringBuilder();
        if (kinds.video()) {
            StringBuilder filter = new StringBuilder("[0:v]split=" + ladder.size());
            for (int i = 0; i < ladder.size(); i++) {
                filter.append("[s").append(i).append(']');
            }
            for (int i = 0; i < ladder.size(); i++) {
                ChannelPlan.Rung rung = ladder.get(i);
                // any source size: fit into the rung, keep the aspect ratio, even dimensions for 4:2:0
                filter.append(";[s")
                        .append(i)
                        .append("]scale=w=")
                        .append(rung.width() > 0 ? rung.width() : -2)
                        .append(":h=")
                        .append(rung.height() > 0 ? rung.height() : -2)
                        .append(rung.width() > 0 && rung.height() > 0 ? ":force_original_aspect_ratio=decrease" : "")
                        .append(":force_divisible_by=2,format=yuv420p[v")
                        .append(i)
                        .append(']');
            }
            command.addAll(List.of("-filter_complex", filter.toString()));
        }
        int rungs = kinds.video() ? ladder.size() : 1;
        for (int i = 0; i < rungs; i++) {
            if (kinds.video()) {
                command.addAll(List.of("-map", "[v" + i + "]"));
            }
            if (kinds.audio()) {
                command.addAll(List.of("-map", "0:a:0"));
            }
            if (streamMap.length() > 0) {
                streamMap.append(' ');
            }
            List<String> parts = new ArrayList<>();
            if (kinds.video()) {
                parts.add("v:" + i);
            }
            if (kinds.audio()) {
                parts.add("a:" + i);
            }
            parts.add("name:" + (kinds.video() ? ladder.get(i).nameModifier() : "_audio"));
            streamMap.append(String.join(",", parts));
        }
        if (kinds.video()) {
            command.addAll(List.of(
                    "-c:v",
                    "libx264",
                    "-preset",
                    "veryfast",
                    "-tune",
                    "zerolatency",
                    "-profile:v",
                    "main",
                    "-sc_threshold",
                    "0",
                    "-force_key_frames",
                    "expr:gte(t,n_forced*" + segmentSeconds + ")"));
            for (int i = 0; i < ladder.size(); i++) {
                int bitrate = ladder.get(i).bitrate();
                command.addAll(List.of(
                        "-b:v:" + i, String.valueOf(bitrate),
                        "-maxrate:v:" + i, String.valueOf(bitrate * 11 / 10),
                        "-bufsize:v:" + i, String.valueOf(bitrate)));
            }
        }
        if (kinds.audio()) {
            command.addAll(List.of("-c:a", "aac", "-b:a", String.valueOf(plan.audioBitrate()), "-ac", "2"));
        }
        String base = plan.hlsBase().baseName();
        command.addAll(List.of(
                "-f",
                "hls",
                "-hls_time",
                String.valueOf(segmentSeconds),
                "-hls_list_size",
                String.valueOf(plan.windowSegments()),
                "-hls_flags",
                "program_date_time+independent_segments+temp_file+delete_segments",
                "-hls_segment_type",
                "mpegts",
                "-master_pl_name",
                base + ".m3u8",
                "-var_stream_map",
                streamMap.toString(),
                "-hls_segment_filename",
                folder.resolve(base + "%v_%06d.ts").toString(),
                folder.resolve(base + "%v.m3u8").toString()));
        // the recording is the publisher's own streams, untouched: the VOD pipeline transcodes it afterwards
        if (kinds.video()) {
            command.addAll(List.of("-map", "0:v:0"));
        }
        if (kinds.audio()) {
            command.addAll(List.of("-map", "0:a:0"));
        }
        command.addAll(
                List.of("-c", "copy", "-f", "mpegts", folder.resolve(RECORDING).toString()));
        return command;
    }

    private void writeHeader(MediaKinds kinds) throws IOException {
        int flags = (kinds.audio() ? 4 : 0) | (kinds.video() ? 1 : 0);
        stdin.write(new byte[] {'F', 'L', 'V', 1, (byte) flags, 0, 0, 0, 9, 0, 0, 0, 0});
    }

    /**
     * A new publisher continues this encoder's stream: its timestamps start again near zero, so they are moved to
     * follow the last one written, and the output carries on without a jump backwards.
     */
    synchronized void continueAfterReconnect() {
        offset = lastTimestamp + 1;
        lastTimestamp = -1;
        pendingRebase = true;
    }

    private boolean pendingRebase;

    synchronized void tag(int type, long timestampMs, byte[] payload) throws IOException {
        if (closed) {
            return;
        }
        if (pendingRebase) {
            offset -= timestampMs;
            pendingRebase = false;
        }
        long timestamp = Math.max(0, timestampMs + offset);
        lastTimestamp = Math.max(lastTimestamp, timestamp);
        byte[] header = new byte[11];
        header[0] = (byte) type;
        header[1] = (byte) (payload.length >> 16);
        header[2] = (byte) (payload.length >> 8);
        header[3] = (byte) payload.length;
        header[4] = (byte) (timestamp >> 16);
        header[5] = (byte) (timestamp >> 8);
        header[6] = (byte) timestamp;
        header[7] = (byte) (timestamp >> 24);
        stdin.write(header);
        stdin.write(payload);
        int size = 11 + payload.length;
        stdin.write(new byte[] {(byte) (size >> 24), (byte) (size >> 16), (byte) (size >> 8), (byte) size});
        if (type == RtmpConnection.VIDEO || type == RtmpConnection.AUDIO) {
            stdin.flush();
        }
    }

    /** Ends the input: FFmpeg writes the last segments, {@code EXT-X-ENDLIST}, and closes the recording. */
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

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ffmpeg pid %d", process.pid());
    }
}
