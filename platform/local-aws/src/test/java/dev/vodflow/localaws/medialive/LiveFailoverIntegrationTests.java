package dev.vodflow.localaws.medialive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalS3;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.localaws.cloudfront.CloudFrontEdgeConfig;
import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The promise of resilient live, end to end: FFmpeg publishes one stream to a STANDARD channel, whose two pipelines
 * write {@code live-a/} and {@code live-b/}; a reader plays {@code live/} through the edge with signed cookies while
 * pipeline A is killed, brought back, and then B is killed. The reader gets every segment once, in order, with
 * program date-times one segment apart.
 */
class LiveFailoverIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(LiveFailoverIntegrationTests.class);
    private static final String BUCKET = "vodflow-media";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static Path directory;
    private static LocalS3 s3;
    private static MediaLiveEmulator emulator;
    private static CloudFrontEdge edge;
    private static MediaLiveClient client;
    private static S3Client objects;
    private static KeyPair key;

    @BeforeAll
    static void start() throws Exception {
        directory = Files.createTempDirectory("live-failover-it");
        s3 = LocalS3.start(new LocalS3.Config(directory.resolve("s3"), 0, List.of()), null);
        s3.createBucket(BUCKET);
        emulator = MediaLiveEmulator.start(MediaLiveEmulator.Config.of(s3.endpoint())
                .withWorkDirectory(directory.resolve("work"))
                .withGracePeriod(Duration.ofSeconds(3)));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        edge = new CloudFrontEdge(new CloudFrontEdgeConfig(
                        0,
                        s3.endpoint(),
                        LocalAws.REGION,
                        LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY,
                        BUCKET,
                        Map.of("K1", key.getPublic()),
                        Set.of()))
                .start();
        client = MediaLiveClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials())
                .build();
        objects = LocalAws.s3Client(s3.endpoint());
    }

    @AfterAll
    static void stop() {
        edge.close();
        emulator.close();
        s3.close();
    }

    @Test
    void aViewerThroughTheEdgeSeesNoGapNoRepeatAndNoTimeJumpWhileEitherPipelineFails() throws Exception {
        FailoverChannel channel = FailoverChannel.start(client, BUCKET);
        String name = channel.name();
        String channelId = channel.id();
        Process publisher = LivePublisher.start(channel.ingestUrl(), 120);
        try {
            await().atMost(PATIENCE)
                    .until(() -> text("live-a/" + name + "/master.m3u8") != null
                            && text("live-b/" + name + "/master.m3u8") != null);
            URI playlist = URI.create(edge.endpoint() + "/live/" + name + "/master_180p.m3u8");
            HlsReader reader = new HlsReader(playlist, cookies(edge.endpoint() + "/live/" + name + "/*"));
            Thread readerThread = new Thread(reader, "hls-reader");
            readerThread.start();
            await().atMost(PATIENCE).until(() -> reader.received().size() >= 4);

            Instant killA = Instant.now();
            emulator.killPipeline(channelId, 0);
            await().atMost(PATIENCE)
                    .until(() -> reader.received().stream()
                                    .filter(r ->
                                            r.at().isAfter(killA) && r.origin().equals("live-b"))
                                    .count()
                            >= 4);

            emulator.restartPipeline(channelId, 0);
            Instant restartA = Instant.now();
            await().atMost(PATIENCE)
                    .until(() -> reader.received().stream()
                                    .filter(r -> r.at().isAfter(restartA)
                                            && r.origin().equals("live-a"))
                                    .count()
                            >= 2);
            assertSameSegmentInBothPipelines(name);

            Instant killB = Instant.now();
            emulator.killPipeline(channelId, 1);
            await().atMost(PATIENCE)
                    .until(() -> reader.received().stream()
                                    .filter(r -> r.at().isAfter(killB))
                                    .count()
                            >= 4);
            reader.stop();
            readerThread.join(10_000);

            List<HlsReader.Received> received = reader.received();
            log.info(
                    "failover: reader got {} segments; origin switched to live-b {} ms after A was killed; longest wait"
                            + " between segments after the kill {} ms; A served again {} ms after its restart",
                    received.size(),
                    firstPollFrom(reader, "live-b", killA),
                    longestWait(received, killA, restartA),
                    firstPollFrom(reader, "live-a", restartA));
            assertThat(reader.problems()).isEmpty();
            assertThat(received).extracting(HlsReader.Received::origin).contains("live-a", "live-b");
            for (int i = 1; i < received.size(); i++) {
                HlsReader.Received previous = received.get(i - 1);
                HlsReader.Received current = received.get(i);
                assertThat(current.sequence()).as("segment after %s", previous).isEqualTo(previous.sequence() + 1);
                assertThat(Duration.between(previous.programDateTime(), current.programDateTime()))
                        .as("date-time step after %s", previous)
                        .isEqualTo(Duration.ofSeconds(1));
                assertThat(current.bytes()).isPositive();
            }
        } finally {
            publisher.destroy();
            publisher.waitFor(10, TimeUnit.SECONDS);
            client.stopChannel(r -> r.channelId(channelId));
        }
    }

    /** Segment N of both pipelines: same name, date-time and duration, and its first frame at the same time. */
    private void assertSameSegmentInBothPipelines(String name) throws Exception {
        String a = text("live-a/" + name + "/master_180p.m3u8");
        String b = text("live-b/" + name + "/master_180p.m3u8");
        List<String> linesA =
                a.lines().filter(l -> !l.startsWith("#EXT-X-MEDIA-SEQUENCE")).toList();
        List<String> common = new ArrayList<>();
        for (String line : b.lines().toList()) {
            if (line.endsWith(".ts") && linesA.contains(line)) {
                common.add(line);
            }
        }
        assertThat(common).as("segments in both\n%s\n%s", a, b).isNotEmpty();
        String segment = common.get(common.size() - 1);
        assertThat(headerOf(a, segment)).isEqualTo(headerOf(b, segment));
        assertThat(firstVideoPts(objectFile("live-a/" + name + "/" + segment)))
                .isEqualTo(firstVideoPts(objectFile("live-b/" + name + "/" + segment)));
    }

    /** The PDT and EXTINF lines just above a segment's URI. */
    private static List<String> headerOf(String playlist, String segment) {
        List<String> lines = playlist.lines().toList();
        int at = lines.indexOf(segment);
        return lines.subList(at - 2, at);
    }

    private static Path objectFile(String key) throws IOException {
        Path file = Files.createTempFile(directory, "segment", ".ts");
        Files.write(
                file, objects.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray());
        return file;
    }

    private static String firstVideoPts(Path segment) throws Exception {
        Process probe = new ProcessBuilder(
                        SampleClips.binaries().ffprobe().toString(),
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "packet=pts",
                        "-read_intervals",
                        "%+#1",
                        "-of",
                        "csv=p=0",
                        segment.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(probe.getInputStream().readAllBytes()).trim().split(",")[0];
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).matches("\\d+");
        return out;
    }

    private static long firstPollFrom(HlsReader reader, String origin, Instant after) {
        return reader.polls().stream()
                .filter(p -> p.at().isAfter(after) && p.origin().equals(origin))
                .findFirst()
                .map(p -> Duration.between(after, p.at()).toMillis())
                .orElse(-1L);
    }

    private static long longestWait(List<HlsReader.Received> received, Instant from, Instant to) {
        long longest = 0;
        for (int i = 1; i < received.size(); i++) {
            Instant at = received.get(i).at();
            if (at.isAfter(from) && !received.get(i - 1).at().isAfter(to)) {
                longest = Math.max(
                        longest, Duration.between(received.get(i - 1).at(), at).toMillis());
            }
        }
        return longest;
    }

    private static String cookies(String resource) {
        CookiesForCustomPolicy cookies = CloudFrontUtilities.create()
                .getCookiesForCustomPolicy(r -> r.resourceUrl(resource)
                        .privateKey(key.getPrivate())
                        .keyPairId("K1")
                        .expirationDate(Instant.now().plusSeconds(600)));
        return cookies.policyHeaderValue() + "; " + cookies.signatureHeaderValue() + "; "
                + cookies.keyPairIdHeaderValue();
    }

    private static String text(String key) {
        try {
            return objects.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }
}
