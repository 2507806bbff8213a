package dev.vodflow.localaws.container;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalEnvironment;
import dev.vodflow.localaws.LocalS3;
import dev.vodflow.localaws.LocalSqs;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.localaws.cloudfront.CloudFrontEdgeConfig;
import dev.vodflow.localaws.mediaconvert.MediaConvertEmulator;
import dev.vodflow.localaws.medialive.MediaLiveEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs one local stand-in (S3, SQS, the MediaConvert or MediaLive emulator, or the CloudFront edge) in a container,
 * the role given as the argument: {@code sqs}, {@code s3}, {@code mediaconvert}, {@code medialive} or {@code cdn}. It serves on its
 * port only once it is ready (queues and bucket made), so "the port answers" is its health check. Stops
 * on SIGTERM.
 */
public final class StandInMain {

    private static final Logger log = LoggerFactory.getLogger(StandInMain.class);
    private static final Pattern PUBLIC_KEY_FILE = Pattern.compile("cloudfront-([A-Z0-9]+)\\.pub\\.pem");

    /** Where encoders publish to the MediaLive emulator, as in the dev stack. */
    static final int RTMP_PORT = 1935;
    /** The SRT ingest (UDP) the compose file publishes, as the dev stack's. */
    static final int SRT_PORT = 9710;

    private StandInMain() {}

    /** A stand-in's server, listening on {@code port} on loopback, and what to close to stop it. */
    record Started(int port, AutoCloseable resources) {}

    public static void main(String[] args) throws Exception {
        StandInSettings settings = StandInSettings.from(args, System.getenv());
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM: let main close the servers (in reverse order, each even if another fails) before the JVM ends
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopping.countDown();
                            try {
                                stopped.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "stand-in-stop"));
        Started started = start(settings);
        try (AutoCloseable server = started.resources();
                LoopbackRelay relay = LoopbackRelay.start(settings.port(), started.port())) {
            log.info("{} stand-in ready on port {}", settings.role(), relay.port());
            stopping.await();
        } finally {
            stopped.countDown();
        }
    }

    static Started start(StandInSettings settings) {
        return switch (settings.role()) {
            case SQS -> startSqs();
            case S3 -> startS3(settings);
            case MEDIACONVERT -> startMediaConvert(settings);
            case MEDIALIVE -> startMediaLive(settings);
            case CDN -> startCdn(settings);
        };
    }

    private static Started startSqs() {
        LocalSqs sqs = LocalSqs.start(0);
        for (String queue : List.of(LocalEnvironment.S3_EVENTS_QUEUE, LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE)) {
            sqs.createQueueWithDeadLetterQueue(queue, LocalEnvironment.MAX_RECEIVE_COUNT, Duration.ofSeconds(30));
        }
        return new Started(sqs.endpoint().getPort(), sqs);
    }

    private static Started startS3(StandInSettings settings) {
        SqsClient sqsClient = LocalAws.sqsClient(settings.sqsEndpoint());
        LocalS3 s3 = LocalS3.start(
                new LocalS3.Config(settings.dataDirectory().resolve("s3"), 0, settings.corsOrigins()), sqsClient);
        s3.createBucket(LocalEnvironment.BUCKET);
        s3.notifyObjectCreated(
                "vodflow-input",
                LocalEnvironment.BUCKET,
                LocalEnvironment.INPUT_PREFIX,
                settings.queueUrl(LocalEnvironment.S3_EVENTS_QUEUE));
        return new Started(s3.endpoint().getPort(), () -> {
            try (sqsClient;
                    s3) {
                // closed in reverse: S3 first, then the client its notifications are sent with
            }
        });
    }

    private static Started startMediaConvert(StandInSettings settings) {
        MediaConvertEmulator emulator = MediaConvertEmulator.start(MediaConvertEmulator.Config.of(
                        settings.s3Endpoint(),
                        settings.sqsEndpoint(),
                        settings.queueUrl(LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE),
                        LocalAws.REGION,
                        LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY)
                .withWorkDirectory(settings.dataDirectory().resolve("mediaconvert"))
                .withStatusUpdateInterval(Duration.ofSeconds(2)));
        return new Started(emulator.endpoint().getPort(), emulator);
    }

    /**
     * The MediaLive emulator's API on the relayed port; its RTMP ingest listens on every interface itself, on the
     * port the dev stack publishes (1935), because the ingest URLs it hands out name that port; so does its SRT
     * ingest (UDP 9710).
     */
    private static Started startMediaLive(StandInSettings settings) {
        MediaLiveEmulator emulator = MediaLiveEmulator.start(MediaLiveEmulator.Config.of(settings.s3Endpoint())
                .withPorts(0, RTMP_PORT)
                .withSrtPort(SRT_PORT)
                .withWorkDirectory(settings.dataDirectory().resolve("medialive")));
        return new Started(emulator.endpoint().getPort(), emulator);
    }

    private static Started startCdn(StandInSettings settings) {
        CloudFrontEdge edge = new CloudFrontEdge(new CloudFrontEdgeConfig(
                        0,
                        settings.s3Endpoint(),
                        LocalAws.REGION,
                        LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY,
                        LocalEnvironment.BUCKET,
                        publicKeys(settings.cdnKeysDirectory()),
                        new HashSet<>(settings.corsOrigins())))
                .start();
        return new Started(edge.endpoint().getPort(), edge);
    }

    /** The key group: every {@code cloudfront-<key pair id>.pub.pem} in the directory. */
    static Map<String, PublicKey> publicKeys(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            Map<String, PublicKey> keys = new TreeMap<>();
            for (Path file : files.toList()) {
                Matcher name = PUBLIC_KEY_FILE.matcher(file.getFileName().toString());
                if (name.matches()) {
                    keys.put(name.group(1), CloudFrontEdgeConfig.publicKeyFromPem(Files.readString(file)));
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("no CloudFront public key (cloudfront-<key pair id>.pub.pem) in "
                        + directory + ": the gateway writes the dev key pair there at its first start");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CloudFront public keys in " + directory, e);
        }
    }
}
