package dev.vodflow.localaws.medialive;

import dev.vodflow.localaws.Niceness;
import dev.vodflow.localaws.ParentDeath;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRT ingest, what a MediaLive SRT listener input takes: an encoder publishes MPEG-TS over SRT in caller mode with
 * the stream key as its {@code streamid} ({@code srt://host:port?streamid=KEY}). FFmpeg listens (the JDK has no SRT), passes the MPEG-TS through, and says
 * which streamid connected and which codecs it carries; a second FFmpeg turns it into FLV (copying H.264 and AAC,
 * transcoding what FLV cannot carry, such as HEVC or MPEG-2: see {@link Sources#conversion()}). From there the
 * publish goes through the same key check and the same broadcast as an RTMP one. A wrong key ends the connection. One SRT publisher at a time on the port: FFmpeg's
 * listener takes one connection, and a new listener starts when it ends.
 */
final class SrtIngest {

    private static final Logger log = LoggerFactory.getLogger(SrtIngest.class);
    private static final Pattern STREAM_ID = Pattern.compile("accept streamid \\[([^\\]]*)\\]");

    private final Path ffmpeg;
    private final int nice;
    private final int port;
    private final LiveChannels publishers;
    private final Thread loop;
    private volatile boolean stopped;
    private volatile Process listener;

    private SrtIngest(Path ffmpeg, int nice, int port, LiveChannels publishers) {
        this.ffmpeg = ffmpeg;
        this.nice = nice;
        this.port = port;
        this.publishers = publishers;
        this.loop = new Thread(this::listen, "srt-ingest");
        this.loop.setDaemon(true);
    }

    /** @param nice the listener's and converter's nice value, where allowed ({@link Niceness}) */
    static SrtIngest start(Path ffmpeg, int nice, int port, LiveChannels publishers) {
        SrtIngest ingest = new SrtIngest(ffmpeg, nice, port, publishers);
        ingest.loop.start();
        return ingest;
    }

    int port() {
        return port;
    }

    private void listen() {
        while (!stopped) {
            long started = System.nanoTime();
            try {
                serveOneConnection();
            } catch (IOException | RuntimeException e) {
                log.info("SRT connection on port {} ended: {}", port, e.toString());
            } catch (InterruptedException e) {
                return;
            }
            // a listener that ends at once (the port taken by another process, say) is not restarted in a busy loop
            if (System.nanoTime() - started < 1_000_000_000L) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The codecs of the publisher's elementary streams, as the listener's FFmpeg names them ("h264", "mp2"...). */
    record Sources(String video, String audio) {

        /**
         * FFmpeg's arguments that turn the publisher's MPEG-TS into FLV: H.264 and AAC/MP3 (what FLV carries) are
         * copied; anything else MPEG-TS carries (HEVC, MPEG-2, AC-3, MPEG audio layer 2...) is transcoded into a
         * near-lossless H.264 / AAC mezzanine with a key frame every second, even-sized (H.264 in 4:2:0 has no odd
         * sizes; the padding adds one black row or column), which the pipelines then cut into the ladder.
         */
        List<String> conversion() {
            List<String> arguments = new java.util.ArrayList<>(List.of("-map", "0:v:0?", "-map", "0:a:0?"));
            if (video == null || video.equals("h264")) {
                arguments.addAll(List.of("-c:v", "copy"));
            } else {
                arguments.addAll(List.of(
                        "-vf",
                        "pad=ceil(iw/2)*2:ceil(ih/2)*2,format=yuv420p",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-tune",
                        "zerolatency",
                        "-crf",
                        "16",
                        "-force_key_frames",
                        "expr:gte(t,n_forced)",
                        "-fps_mode",
                        "passthrough"));
            }
            if (audio == null || audio.equals("aac") || audio.equals("mp3")) {
                arguments.addAll(List.of("-c:a", "copy"));
            } else {
                arguments.addAll(List.of("-c:a", "aac", "-b:a", "192k"));
            }
            return arguments;
        }
    }

    private static final Pattern INPUT_STREAM = Pattern.compile("^\\s*Stream #0:\\d+\\S*: (Video|Audio): (\\w+)");

    private void serveOneConnection() throws IOException, InterruptedException {
        // the listener passes the publisher's MPEG-TS through untouched; its log names the streamid and the codecs
        // started on this loop's own thread, which lives as long as the listener: it dies with this JVM (ParentDeath)
        Process process = Niceness.start(
                new ProcessBuilder(ParentDeath.tie(List.of(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-nostats",
                        "-loglevel",
                        "verbose",
                        "-f",
                        "mpegts",
                        "-i",
                        "srt://0.0.0.0:" + port + "?mode=listener",
                        "-map",
                        "0:v:0?",
                        "-map",
                        "0:a:0?",
                        "-c",
                        "copy",
                        "-f",
                        "mpegts",
                        "pipe:1"))),
                nice);
        listener = process;
        CompletableFuture<String> streamId = new CompletableFuture<>();
        CompletableFuture<Sources> sources = new CompletableFuture<>();
        Thread stderr = new Thread(() -> readLog(process, streamId, sources), "srt-ingest-log");
        stderr.setDaemon(true);
        stderr.start();
        RtmpConnection.MediaSink sink = null;
        Process converter = null;
        try {
            // the listener waits for a caller as long as it takes; the codecs are known once it has probed the input
            Sources codecs = sources.get();
            String key = streamId.get(5, TimeUnit.SECONDS);
            try {
                sink = publishers.publishSrt(key, "srt://:" + port);
            } catch (RtmpConnection.Refusal refusal) {
                log.info("refused an SRT publish on port {}: {}", port, refusal.getMessage());
                return;
            }
            List<String> command = new java.util.ArrayList<>(List.of(
                    ffmpeg.toString(),
                    "-hide_banner",
                    "-nostats",
                    "-loglevel",
                    "error",
                    "-f",
                    "mpegts",
                    "-i",
                    "pipe:0"));
            command.addAll(codecs.conversion());
            command.addAll(List.of("-f", "flv", "pipe:1"));
            log.info("SRT publish on port {}: video {}, audio {}: {}", port, codecs.video(), codecs.audio(), command);
            converter = Niceness.start(
                    new ProcessBuilder(ParentDeath.tie(command)).redirectError(ProcessBuilder.Redirect.DISCARD), nice);
            Process into = converter;
            Thread pump = new Thread(() -> pump(process, into), "srt-ingest-pump");
            pump.setDaemon(true);
            pump.start();
            forward(converter, sink);
        } catch (EOFException end) {
            log.info("SRT publisher on port {} is gone", port);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.info("an SRT caller on port {} sent no streamid or no stream: refused", port);
        } finally {
            if (sink != null) {
                sink.disconnected();
            }
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            if (converter != null) {
                converter.destroyForcibly();
                converter.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The listener's MPEG-TS into the converter, until either ends. */
    private static void pump(Process from, Process to) {
        try (var in = from.getInputStream();
                var out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // one of them ended; the reader of the converter's FLV sees the end
        }
    }

    /** The converter's FLV tags, one by one, into the broadcast. */
    private static void forward(Process converter, RtmpConnection.MediaSink sink) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(converter.getInputStream(), 64 * 1024))) {
            in.readFully(new byte[13]); // FLV header and the first previous-tag-size
            while (true) {
                int type = in.readUnsignedByte();
                int size = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                long timestamp = ((long) in.readUnsignedByte() << 16)
                        | (in.readUnsignedByte() << 8)
                        | in.readUnsignedByte()
                        | ((long) in.readUnsignedByte() << 24);
                in.readFully(new byte[3]);
                byte[] payload = new byte[size];
                in.readFully(payload);
                in.readInt();
                if (type == RtmpConnection.AUDIO || type == RtmpConnection.VIDEO || type == RtmpConnection.DATA_AMF0) {
                    sink.tag(type, timestamp, payload);
                }
            }
        }
    }

    private static void readLog(
            Process process, CompletableFuture<String> streamId, CompletableFuture<Sources> sources) {
        String video = null;
        String audio = null;
        boolean input = false;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher matcher = STREAM_ID.matcher(line);
                if (matcher.find()) {
                    streamId.complete(matcher.group(1));
                }
                if (line.startsWith("Input #0")) {
                    input = true;
                } else if (line.startsWith("Output #0") || line.startsWith("Stream mapping")) {
                    sources.complete(new Sources(video, audio));
                    input = false;
                } else if (input) {
                    Matcher stream = INPUT_STREAM.matcher(line);
                    if (stream.find()) {
                        if (stream.group(1).equals("Video") && video == null) {
                            video = stream.group(2);
                        } else if (stream.group(1).equals("Audio") && audio == null) {
                            audio = stream.group(2);
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        streamId.completeExceptionally(new EOFException("no streamid"));
        sources.completeExceptionally(new EOFException("no stream"));
    }

    void stop() {
        stopped = true;
        loop.interrupt();
        Process running = listener;
        if (running != null) {
            running.destroyForcibly();
        }
    }
}
