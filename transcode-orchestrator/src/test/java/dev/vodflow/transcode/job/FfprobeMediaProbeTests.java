package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Runs the real ffprobe against files served over HTTP, as it reads presigned S3 URLs. */
class FfprobeMediaProbeTests {

    @TempDir
    static Path files;

    static HttpServer server;
    static final AtomicInteger secretHits = new AtomicInteger();

    private final FfprobeMediaProbe probe = new FfprobeMediaProbe(
            null,
            null,
            new TranscodeProperties.Probe(
                    // PATH's ffprobe, or the bundled one where there is none (as the dev stack configures it)
                    SampleClips.binaries().ffprobe(),
                    Duration.ofSeconds(20),
                    Duration.ofMinutes(5),
                    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mp3,wav"),
            JsonMapper.builder().build());

    @BeforeAll
    static void serveFiles() throws Exception {
        SampleClips.video(files.resolve("clip.mp4"), "320x180", 10, 1);
        Files.writeString(files.resolve("notes.mp4"), "these are my holiday notes, not a video\n");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            if (name.equals("secret")) {
                secretHits.incrementAndGet();
            }
            Path file = files.resolve(name);
            byte[] body = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(Files.exists(file) ? 200 : 404, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        Files.writeString(
                files.resolve("playlist.mp4"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + base + "secret\n#EXT-X-ENDLIST\n",
                StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    @Test
    void readsARealClip() {
        SourceMedia media = probe.run(url("clip.mp4"));

        assertThat(media.width()).isEqualTo(320);
        assertThat(media.height()).isEqualTo(180);
        assertThat(media.hasAudio()).isTrue();
        assertThat(media.durationMs()).isBetween(900L, 1200L);
    }

    @Test
    void refusesTextRenamedMp4() {
        assertThatThrownBy(() -> probe.run(url("notes.mp4")))
                .isInstanceOfSatisfying(
                        SourceRefusedException.class, e -> assertThat(e.code()).isEqualTo("SOURCE_NOT_MEDIA"));
    }

    @Test
    void aPlaylistDisguisedAsMp4CannotMakeFfprobeFetchOtherUrls() {
        assertThatThrownBy(() -> probe.run(url("playlist.mp4"))).isInstanceOf(SourceRefusedException.class);
        assertThat(secretHits).hasValue(0);
    }

    @Test
    void anUnreachableSourceIsTransient() {
        assertThatThrownBy(() -> probe.run("http://127.0.0.1:1/clip.mp4")).isInstanceOf(TransientException.class);
    }
}
