package dev.vodflow.localaws.medialive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalS3;
import dev.vodflow.localaws.LocalSqs;
import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ChannelState;
import software.amazon.awssdk.services.medialive.model.Input;
import software.amazon.awssdk.services.medialive.model.InputType;
import software.amazon.awssdk.services.medialive.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The emulator driven as live-service drives MediaLive (the AWS SDK), fed by FFmpeg publishing a generated
 * stream over RTMP, read back from S3 as a player would.
 */
class MediaLiveEmulatorIntegrationTests {

    private static final String BUCKET = "vodflow-media";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static Path directory;
    private static LocalSqs sqs;
    private static LocalS3 s3;
    private static MediaLiveEmulator emulator;
    private static MediaLiveClient client;
    private static S3Client objects;

    @BeforeAll
    static void start() throws IOException {
        directory = Files.createTempDirectory("medialive-it");
        sqs = LocalSqs.start(0);
        s3 = LocalS3.start(new LocalS3.Config(directory.resolve("s3"), 0, List.of()), sqs.client());
        s3.createBucket(BUCKET);
        emulator = MediaLiveEmulator.start(MediaLiveEmulator.Config.of(s3.endpoint())
                .withWorkDirectory(directory.resolve("work"))
                .withGracePeriod(Duration.ofSeconds(3))
                .withSrtPort(freeUdpPort()));
        client = MediaLiveClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials())
                .build();
        objects = LocalAws.s3Client(s3.endpoint());
    }

    @AfterAll
    static void stop() {
        emulator.close();
        s3.close();
        sqs.close();
    }

    @Test
    void aPublishWithTheKeyIsCutIntoALowLatencyLadderInS3ThenRecorded() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));

        Process publisher = LivePublisher.start(channel.url, 8);
        String prefix = "live/" + channel.name + "/";
        await().atMost(PATIENCE).until(() -> text(prefix + "master.m3u8") != null);
        String master = text(prefix + "master.m3u8");
        List<String> rungs = uris(master);
        assertThat(rungs).hasSizeGreaterThanOrEqualTo(2);
        assertThat(master).contains("RESOLUTION=320x180").contains("RESOLUTION=640x360");

        // while live: every segment a playlist lists is already there
        List<String> seen = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            String playlist = text(prefix + rungs.get(0));
            for (String segment : uris(playlist)) {
                assertThat(objects.headObject(r -> r.bucket(BUCKET).key(prefix + segment))
                                .contentLength())
                        .isPositive();
                if (!seen.contains(segment)) {
                    seen.add(segment);
                }
            }
            return seen.size() >= 3;
        });
        String live = text(prefix + rungs.get(0));
        assertThat(live).contains("#EXT-X-PROGRAM-DATE-TIME:").doesNotContain("#EXT-X-ENDLIST");
        assertThat(targetDuration(live)).isBetween(1, 2);

        assertThat(publisher.waitFor(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        // the publisher is gone; past the grace period the playlists end
        await().atMost(PATIENCE)
                .until(() -> text(prefix + rungs.get(0)).contains("#EXT-X-ENDLIST")
                        && text(prefix + rungs.get(1)).contains("#EXT-X-ENDLIST"));

        client.stopChannel(r -> r.channelId(channel.id));
        await().atMost(PATIENCE)
                .until(() ->
                        client.describeChannel(r -> r.channelId(channel.id)).state() == ChannelState.IDLE);
        String recording = "input/live/" + channel.name + ".000000.ts";
        assertThat(objects.headObject(r -> r.bucket(BUCKET).key(recording)).contentLength())
                .isGreaterThan(10_000);
    }

    @Test
    void aWrongKeyIsRefusedAndTheChannelTakesOnePublisherAtATime() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));

        Process wrongKey = LivePublisher.start(channel.url.replace(channel.key, "not-the-key"), 3);
        assertThat(wrongKey.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(wrongKey.exitValue()).isNotZero();

        Process first = LivePublisher.start(channel.url, 30);
        String prefix = "live/" + channel.name + "/";
        await().atMost(PATIENCE).until(() -> text(prefix + "master.m3u8") != null);
        Process second = LivePublisher.start(channel.url, 3);
        assertThat(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(first.isAlive()).isTrue();
        first.destroy();
        client.stopChannel(r -> r.channelId(channel.id));
    }

    @Test
    void garbageOnTheIngestPortIsDroppedAndTheChannelCarriesOn() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));
        Process publisher = LivePublisher.start(channel.url, 30);
        String prefix = "live/" + channel.name + "/";
        await().atMost(PATIENCE).until(() -> text(prefix + "master.m3u8") != null);

        for (String garbage : List.of("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "\u0003" + "x".repeat(5000))) {
            try (Socket socket = new Socket("127.0.0.1", emulator.rtmpPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.setSoTimeout(20_000);
                // the emulator closes the connection on its side
                while (socket.getInputStream().read(new byte[4096]) >= 0) {}
            }
        }
        String before = text(prefix + "master_360p.m3u8");
        await().atMost(PATIENCE).until(() -> !text(prefix + "master_360p.m3u8").equals(before));
        assertThat(publisher.isAlive()).isTrue();
        publisher.destroy();
        client.stopChannel(r -> r.channelId(channel.id));
    }

    @Test
    void aPublisherBackWithinTheGracePeriodContinuesTheStreamAfterADiscontinuity() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));
        String playlist = "live/" + channel.name + "/master_180p.m3u8";

        Process first = LivePublisher.start(channel.url, 6);
        await().atMost(PATIENCE).until(() -> text(playlist) != null);
        assertThat(first.waitFor(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        // the publisher dropped; it is back well within the 3 s grace period
        Process second = LivePublisher.start(channel.url, 8);
        List<String> seen = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            String text = text(playlist);
            seen.add(text);
            return text.contains("#EXT-X-DISCONTINUITY\n") || text.contains("#EXT-X-ENDLIST");
        });
        String spliced = seen.get(seen.size() - 1);
        assertThat(spliced).as("the stream went on rather than ending").doesNotContain("#EXT-X-ENDLIST");
        List<String> lines = spliced.lines().toList();
        int tag = lines.indexOf("#EXT-X-DISCONTINUITY");
        long sequence = Long.parseLong(lines.stream()
                .filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
                .findFirst()
                .orElseThrow()
                .substring(22));
        List<String> segments = uris(spliced);
        String before = lines.get(tag - 1);
        String after = lines.get(tag + 3);
        // the same stream: numbering goes on with no gap across the splice
        assertThat(segments.indexOf(after)).isEqualTo(segments.indexOf(before) + 1);
        assertThat(after).endsWith("_" + (sequence + segments.indexOf(after)) + ".ts");
        // the date-time jumps forward by the outage, never back
        java.time.Instant pdtBefore = java.time.Instant.parse(lines.get(tag - 3).substring(25));
        java.time.Instant pdtAfter = java.time.Instant.parse(lines.get(tag + 1).substring(25));
        assertThat(pdtAfter).isAfter(pdtBefore.plusSeconds(1));
        assertThat(second.waitFor(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        await().atMost(PATIENCE).until(() -> text(playlist).contains("#EXT-X-ENDLIST"));
        client.stopChannel(r -> r.channelId(channel.id));
    }

    @Test
    void anAudioOnlySourceIsCutIntoOneAudioRendition() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));
        String prefix = "live/" + channel.name + "/";

        Process publisher = LivePublisher.audioOnly(channel.url, 30);
        await().atMost(PATIENCE).until(() -> text(prefix + "master.m3u8") != null);
        assertThat(text(prefix + "master.m3u8"))
                .contains("CODECS=\"mp4a.40.2\"")
                .doesNotContain("RESOLUTION");
        await().atMost(PATIENCE)
                .until(() -> uris(text(prefix + "master_audio.m3u8")).size() >= 3);
        String segment = uris(text(prefix + "master_audio.m3u8")).get(0);
        assertThat(objects.headObject(r -> r.bucket(BUCKET).key(prefix + segment))
                        .contentLength())
                .isGreaterThan(1000);
        publisher.destroy();
        client.stopChannel(r -> r.channelId(channel.id));
    }

    @Test
    void aNonH264SourceOfAnotherSizeIsTranscodedIntoTheLadder() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));
        String prefix = "live/" + channel.name + "/";

        Process publisher = LivePublisher.sorensonOddSize(channel.url, 30);
        await().atMost(PATIENCE).until(() -> text(prefix + "master.m3u8") != null);
        assertThat(text(prefix + "master.m3u8"))
                .contains("RESOLUTION=640x360", "RESOLUTION=320x180")
                .contains("CODECS=\"avc1.4d4028\"");
        await().atMost(PATIENCE)
                .until(() -> uris(text(prefix + "master_180p.m3u8")).size() >= 3);
        String segment = uris(text(prefix + "master_180p.m3u8")).get(0);
        assertThat(objects.headObject(r -> r.bucket(BUCKET).key(prefix + segment))
                        .contentLength())
                .isGreaterThan(1000);
        publisher.destroy();
        client.stopChannel(r -> r.channelId(channel.id));
    }

    @Test
    void anSrtPublishWithTheKeyAsStreamIdIsTakenAndAWrongKeyIsNot() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));
        String prefix = "live/" + channel.name + "/";

        Process wrongKey = LivePublisher.srt(emulator.srtPort(), "not-the-key", 60);
        assertThat(wrongKey.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(text(prefix + "master.m3u8")).isNull();

        Process publisher = LivePublisher.srt(emulator.srtPort(), channel.key, 30);
        try {
            await().atMost(PATIENCE).until(() -> text(prefix + "master.m3u8") != null);
            await().atMost(PATIENCE)
                    .until(() -> uris(text(prefix + "master_180p.m3u8")).size() >= 2);
        } finally {
            publisher.destroy();
            client.stopChannel(r -> r.channelId(channel.id));
        }
    }

    @Test
    void anMpeg2SourceOfAnOddSizeOverSrtIsTranscodedIntoTheLadder() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));
        Process publisher = LivePublisher.srtMpeg2OddSize(emulator.srtPort(), channel.key, 30);
        try {
            assertTheLadderPlays(channel);
        } finally {
            // the SRT port takes one publisher at a time: a test that failed must not hold it for the next
            publisher.destroy();
            client.stopChannel(r -> r.channelId(channel.id));
        }
    }

    @Test
    void anHevcSourceOfAnOddSizeOverSrtIsTranscodedIntoTheLadder() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));
        Process publisher = LivePublisher.srtHevcOddSize(emulator.srtPort(), channel.key, 30);
        try {
            assertTheLadderPlays(channel);
        } finally {
            // the SRT port takes one publisher at a time: a test that failed must not hold it for the next
            publisher.destroy();
            client.stopChannel(r -> r.channelId(channel.id));
        }
    }

    @Test
    void anH264SourceOfAnOddSizeOverRtmpIsTranscodedIntoTheLadder() throws Exception {
        Channel channel = createChannel();
        client.startChannel(r -> r.channelId(channel.id));
        Process publisher = LivePublisher.rtmpH264OddSize(channel.url, 30);
        try {
            assertTheLadderPlays(channel);
        } finally {
            // the SRT port takes one publisher at a time: a test that failed must not hold it for the next
            publisher.destroy();
            client.stopChannel(r -> r.channelId(channel.id));
        }
    }

    /** Both rungs list segments, and ffprobe reads H.264 at the rung's size and AAC from one of each. */
    private static void assertTheLadderPlays(Channel channel) throws Exception {
        String prefix = "live/" + channel.name + "/";
        await().atMost(PATIENCE).until(() -> text(prefix + "master.m3u8") != null);
        assertThat(text(prefix + "master.m3u8")).contains("RESOLUTION=640x360", "RESOLUTION=320x180");
        for (String rung : List.of("360p:640,360", "180p:320,180")) {
            String playlist = prefix + "master_" + rung.substring(0, rung.indexOf(':')) + ".m3u8";
            await().atMost(PATIENCE)
                    .until(() -> text(playlist) != null && uris(text(playlist)).size() >= 2);
            String segment = uris(text(playlist)).get(1);
            Path file = directory.resolve(channel.name + "-" + segment);
            Files.write(
                    file,
                    objects.getObjectAsBytes(r -> r.bucket(BUCKET).key(prefix + segment))
                            .asByteArray());
            assertThat(probe(file))
                    .as("ffprobe of %s", segment)
                    .containsExactly("h264,video," + rung.substring(rung.indexOf(':') + 1), "aac,audio");
        }
    }

    /** codec_name,codec_type(,width,height) of each stream, as ffprobe reads them (program repeats dropped). */
    private static List<String> probe(Path file) throws Exception {
        Process ffprobe = new ProcessBuilder(List.of(
                        SampleClips.binaries().ffprobe().toString(),
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_type,codec_name,width,height",
                        "-of",
                        "csv=p=0",
                        file.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ffprobe.waitFor()).isZero();
        return out.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .distinct()
                .toList();
    }

    private static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnknownChannelIsNotFound() {
        assertThatThrownBy(() -> client.describeChannel(r -> r.channelId("424242")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("424242");
    }

    private record Channel(String id, String name, String key, String url) {}

    private static Channel createChannel() {
        String name = "ch-" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString().replace("-", "");
        Input input = client.createInput(
                        r -> r.name(name).type(InputType.RTMP_PUSH).destinations(d -> d.streamName("live/" + key)))
                .input();
        assertThat(input.destinations()).hasSize(1);
        String id = client.createChannel(r -> r.name(name)
                        .inputAttachments(a -> a.inputId(input.id()).inputAttachmentName("ingest"))
                        .destinations(
                                d -> d.id("hls")
                                        .settings(s -> s.url("s3ssl://" + BUCKET + "/live/" + name + "/master")),
                                d -> d.id("archive").settings(s -> s.url("s3ssl://" + BUCKET + "/input/live/" + name)))
                        .encoderSettings(TestLadder.twoRungs()))
                .channel()
                .id();
        return new Channel(id, name, key, input.destinations().get(0).url());
    }

    static List<String> uris(String playlist) {
        return playlist.lines()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static int targetDuration(String playlist) {
        return playlist.lines()
                .filter(line -> line.startsWith("#EXT-X-TARGETDURATION:"))
                .map(line ->
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow();
    }

    private static String text(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes =
                    objects.getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
            return bytes.asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }
}
