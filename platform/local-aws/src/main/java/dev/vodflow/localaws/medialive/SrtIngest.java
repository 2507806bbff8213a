package dev.vodflow.localaws.medialive;

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
 * the stream key as its {@code streamid} ({@code srt://host:port?streamid=KEY}). FFmpeg listens (the JDK has no SRT), remuxes what arrives to FLV on its
 * stdout, and says which streamid connected; from there the publish goes through the same key check and the same
 * broadcast as an RTMP one. A wrong key ends the connection. One SRT publisher at a time on the port: FFmpeg's
 * listener takes one connection, and a new listener starts when it ends.
 */
final class SrtIngest {

    private static final Logger log = LoggerFactory.getLogger(SrtIngest.class);
    private static final Pattern STREAM_ID = Pattern.compile("accept streamid \\[([^\\]]*)\\]");

    private final Path ffmpeg;
    private final int port;
    private final LiveChannels publishers;
    private final Thread loop;
    private volatile boolean stopped;
    private volatile Process listener;

    private SrtIngest(Path ffmpeg, int port, LiveChannels publishers) {
        this.ffmpeg = ffmpeg;
        this.port = port;
        this.publishers = publishers;
        this.loop = new Thread(this::listen, "srt-ingest");
        this.loop.setDaemon(true);
    }

    static SrtIngest start(Path ffmpeg, int port, LiveChannels publishers) {
        SrtIngest ingest = new SrtIngest(ffmpeg, port, publishers);
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

    private void serveOneConnection() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(
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
                        "flv",
                        "pipe:1"))
                .start();
        listener = process;
        CompletableFuture<String> streamId = new CompletableFuture<>();
        Thread stderr = new Thread(() -> readLog(process, streamId), "srt-ingest-log");
        stderr.setDaemon(true);
        stderr.start();
        RtmpConnection.MediaSink sink = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 64 * 1024))) {
            in.readFully(new byte[13]); // FLV header and the first previous-tag-size
            String key = streamId.get(5, TimeUnit.SECONDS);
            try {
                sink = publishers.publishSrt(key, "srt://:" + port);
            } catch (RtmpConnection.Refusal refusal) {
                log.info("refused an SRT publish on port {}: {}", port, refusal.getMessage());
                return;
            }
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
        } catch (EOFException end) {
            log.info("SRT publisher on port {} is gone", port);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.info("an SRT caller on port {} sent no streamid: refused", port);
        } finally {
            if (sink != null) {
                sink.disconnected();
            }
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void readLog(Process process, CompletableFuture<String> streamId) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher matcher = STREAM_ID.matcher(line);
                if (matcher.find()) {
                    streamId.complete(matcher.group(1));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        streamId.completeExceptionally(new EOFException("no streamid"));
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
