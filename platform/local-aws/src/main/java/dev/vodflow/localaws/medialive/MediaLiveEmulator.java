package dev.vodflow.localaws.medialive;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.Niceness;
import dev.vodflow.localaws.mediaconvert.FfmpegBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/**
 * A MediaLive stand-in on FFmpeg: the part of MediaLive's REST API a live channel's life needs (RTMP push inputs
 * and channels with an HLS and an archive output group), and an RTMP port where encoders publish. A publish is
 * taken only with an input's stream key and only while its channel runs; the channel's FFmpeg cuts an ABR ladder
 * into short segments with {@code EXT-X-PROGRAM-DATE-TIME}, copied into S3 segment first, playlist after. A STANDARD
 * channel (an HLS destination with two URLs) runs two pipelines from the one ingest, cutting on the same epoch grid:
 * segment N has the same name, sequence number, duration, date-time and frames in both, so an origin group can
 * switch between them mid-stream. {@link #killPipeline} fails one for tests.
 *
 * <pre>{@code
 * try (var emulator = MediaLiveEmulator.start(MediaLiveEmulator.Config.of(s3Endpoint))) {
 *     MediaLiveClient client = MediaLiveClient.builder().endpointOverride(emulator.endpoint())...;
 *     // encoders publish to rtmp://host:emulator.rtmpPort()/live/KEY
 * }
 * }</pre>
 */
public final class MediaLiveEmulator implements AutoCloseable {

    /**
     * @param apiPort the REST API's port (loopback), 0 for any free one
     * @param rtmpPort the RTMP ingest port (all interfaces), 0 for any free one
     * @param s3Endpoint where the outputs go (path-style, the local account's keys)
     * @param ffmpeg the ffmpeg executable, or null for the PATH, then the bytedeco binaries
     * @param workDirectory where FFmpeg writes before the copy to S3; null for a temporary folder
     * @param gracePeriod how long a channel waits for a publisher that dropped before it ends the broadcast
     * @param readTimeout how long an RTMP connection may stay silent before it is dropped
     * @param srtPort the SRT ingest port (all interfaces, UDP), or -1 for none (the default)
     * @param encoderNice the nice value (relative to the JVM's) of the live path's FFmpeg processes: pipelines and SRT
     *     ingest, {@link Niceness#LIVE} by default; not allowed here, they run at the JVM's own ({@link Niceness})
     */
    public record Config(
            int apiPort,
            int rtmpPort,
            URI s3Endpoint,
            Path ffmpeg,
            Path workDirectory,
            Duration gracePeriod,
            Duration readTimeout,
            int srtPort,
            int encoderNice) {

        public Config {
            Objects.requireNonNull(s3Endpoint, "s3Endpoint");
            Objects.requireNonNull(gracePeriod, "gracePeriod");
            Objects.requireNonNull(readTimeout, "readTimeout");
            if (gracePeriod.isNegative() || readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("gracePeriod must not be negative and readTimeout must be positive");
            }
        }

        public static Config of(URI s3Endpoint) {
            return new Config(
                    0, 0, s3Endpoint, null, null, Duration.ofSeconds(10), Duration.ofSeconds(10), -1, Niceness.LIVE);
        }

        /** SRT publishing on {@code port} (UDP, a fixed one: FFmpeg listens on it). */
        public Config withSrtPort(int port) {
            return new Config(
                    apiPort, rtmpPort, s3Endpoint, ffmpeg, workDirectory, gracePeriod, readTimeout, port, encoderNice);
        }

        public Config withPorts(int apiPort, int rtmpPort) {
            return new Config(
                    apiPort,
                    rtmpPort,
                    s3Endpoint,
                    ffmpeg,
                    workDirectory,
                    gracePeriod,
                    readTimeout,
                    srtPort,
                    encoderNice);
        }

        public Config withWorkDirectory(Path workDirectory) {
            return new Config(
                    apiPort,
                    rtmpPort,
                    s3Endpoint,
                    ffmpeg,
                    workDirectory,
                    gracePeriod,
                    readTimeout,
                    srtPort,
                    encoderNice);
        }

        public Config withGracePeriod(Duration gracePeriod) {
            return new Config(
                    apiPort,
                    rtmpPort,
                    s3Endpoint,
                    ffmpeg,
                    workDirectory,
                    gracePeriod,
                    readTimeout,
                    srtPort,
                    encoderNice);
        }

        /** The live FFmpeg processes at nice value {@code nice} (0: the JVM's own priority). */
        public Config withEncoderNice(int nice) {
            return new Config(
                    apiPort, rtmpPort, s3Endpoint, ffmpeg, workDirectory, gracePeriod, readTimeout, srtPort, nice);
        }
    }

    private final S3Client s3;
    private final LiveChannels channels;
    private final RtmpIngest ingest;
    private final MediaLiveApi api;
    private final SrtIngest srt;

    private MediaLiveEmulator(Config config) throws IOException {
        Path work = config.workDirectory() == null
                ? Files.createTempDirectory("medialive-emulator")
                : Files.createDirectories(config.workDirectory());
        Path ffmpeg = FfmpegBinaries.locate(config.ffmpeg(), null, work).ffmpeg();
        this.s3 = LocalAws.s3Client(config.s3Endpoint());
        this.channels = new LiveChannels(s3, ffmpeg, config.encoderNice(), work, config.gracePeriod());
        this.ingest = RtmpIngest.start(config.rtmpPort(), channels, config.readTimeout());
        this.srt =
                config.srtPort() > 0 ? SrtIngest.start(ffmpeg, config.encoderNice(), config.srtPort(), channels) : null;
        this.api = MediaLiveApi.start(
                config.apiPort(), channels, JsonMapper.builder().build(), ingest::port, this::srtPort);
    }

    public static MediaLiveEmulator start(Config config) {
        try {
            return new MediaLiveEmulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the MediaLive emulator", e);
        }
    }

    /** The REST endpoint, for the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return api.endpoint();
    }

    /** Where encoders publish: {@code rtmp://host:port/app/key}. */
    public int rtmpPort() {
        return ingest.port();
    }

    /**
     * Failure injection: pipeline {@code pipeline} (0 = A, 1 = B) of a running channel dies, as a crashed encoder
     * would, and stays down until {@link #restartPipeline}. Also over HTTP: {@code POST
     * /prod/channels/{id}/killChannelPipelines} with {@code {"pipelineIds": ["PIPELINE_0"]}}.
     */
    public void killPipeline(String channelId, int pipeline) {
        channels.pipeline(channelId, pipeline, true);
    }

    /** Brings a killed pipeline back (MediaLive's {@code RestartChannelPipelines}); it rejoins on a key frame. */
    public void restartPipeline(String channelId, int pipeline) {
        channels.pipeline(channelId, pipeline, false);
    }

    /**
     * The id of the channel created with the name {@code name} (live-service names its channels {@code
     * vodflow-<channelId>}), for failure injection on a channel made through the API by someone else.
     */
    public java.util.Optional<String> channelIdByName(String name) {
        return channels.idByName(name);
    }

    /** Where SRT encoders publish ({@code srt://host:port?streamid=KEY}), or -1 without SRT. */
    public int srtPort() {
        return srt == null ? -1 : srt.port();
    }

    @Override
    public void close() {
        if (srt != null) {
            srt.stop();
        }
        ingest.stop();
        api.stop();
        channels.close();
        s3.close();
    }
}
