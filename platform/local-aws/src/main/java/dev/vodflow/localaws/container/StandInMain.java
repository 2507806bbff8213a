package dev.vodflow.localaws.container;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalEnvironment;
import dev.vodflow.localaws.LocalS3;
import dev.vodflow.localaws.LocalSqs;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.localaws.cloudfront.CloudFrontEdgeConfig;
import dev.vodflow.localaws.mediaconvert.MediaConvertEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one local stand-in (S3, SQS, the MediaConvert emulator or the CloudFront edge) in a container, the
 * role given as the argument: {@code sqs}, {@code s3}, {@code mediaconvert} or {@code cdn}. It serves on its
 * port only once it is ready (queues and bucket made), so "the port answers" is its health check. Stops
 * on SIGTERM.
 */
public final class StandInMain {

    private static final Logger log = LoggerFactory.getLogger(StandInMain.class);
    private static final Pattern PUBLIC_KEY_FILE = Pattern.compile("cloudfront-([A-Z0-9]+)\\.pub\\.pem");

    private StandInMain() {}

    public static void main(String[] args) throws InterruptedException {
        StandInSettings settings = StandInSettings.from(args, System.getenv());
        List<AutoCloseable> running = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop(running);
                            stopped.countDown();
                        },
                        "stand-in-stop"));
        int target = start(settings, running);
        running.add(LoopbackRelay.start(settings.port(), target));
        log.info("{} stand-in ready on port {}", settings.role(), settings.port());
        stopped.await();
    }

    /** Starts the role's server on a loopback port and returns that port. */
    static int start(StandInSettings settings, List<AutoCloseable> running) {
        return switch (settings.role()) {
            case SQS -> startSqs(running);
            case S3 -> startS3(settings, running);
            case MEDIACONVERT -> startMediaConvert(settings, running);
            case CDN -> startCdn(settings, running);
        };
    }

    private static int startSqs(List<AutoCloseable> running) {
        LocalSqs sqs = LocalSqs.start(0);
        running.add(sqs);
        for (String queue : List.of(LocalEnvironment.S3_EVENTS_QUEUE, LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE)) {
            sqs.createQueueWithDeadLetterQueue(queue, LocalEnvironment.MAX_RECEIVE_COUNT, Duration.ofSeconds(30));
        }
        return sqs.endpoint().getPort();
    }

    private static int startS3(StandInSettings settings, List<AutoCloseable> running) {
        var sqsClient = LocalAws.sqsClient(settings.sqsEndpoint());
        running.add(sqsClient);
        LocalS3 s3 = LocalS3.start(
                new LocalS3.Config(settings.dataDirectory().resolve("s3"), 0, settings.corsOrigins()), sqsClient);
        running.add(s3);
        s3.createBucket(LocalEnvironment.BUCKET);
        s3.notifyObjectCreated(
                "vodflow-input",
                LocalEnvironment.BUCKET,
                LocalEnvironment.INPUT_PREFIX,
                settings.queueUrl(LocalEnvironment.S3_EVENTS_QUEUE));
        return s3.endpoint().getPort();
    }

    private static int startMediaConvert(StandInSettings settings, List<AutoCloseable> running) {
        MediaConvertEmulator emulator = MediaConvertEmulator.start(MediaConvertEmulator.Config.of(
                        settings.s3Endpoint(),
                        settings.sqsEndpoint(),
                        settings.queueUrl(LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE),
                        LocalAws.REGION,
                        LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY)
                .withWorkDirectory(settings.dataDirectory().resolve("mediaconvert"))
                .withStatusUpdateInterval(Duration.ofSeconds(2)));
        running.add(emulator);
        return emulator.endpoint().getPort();
    }

    private static int startCdn(StandInSettings settings, List<AutoCloseable> running) {
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
        running.add(edge);
        return edge.endpoint().getPort();
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

    private static void stop(List<AutoCloseable> running) {
        List<AutoCloseable> reversed = new ArrayList<>(running);
        Collections.reverse(reversed);
        for (AutoCloseable component : reversed) {
            try {
                component.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly", component.getClass().getSimpleName(), e);
            }
        }
    }
}
