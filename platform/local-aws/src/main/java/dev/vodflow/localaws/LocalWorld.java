package dev.vodflow.localaws;

import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.localaws.cloudfront.CloudFrontEdgeConfig;
import dev.vodflow.localaws.mediaconvert.MediaConvertEmulator;
import dev.vodflow.localaws.medialive.MediaLiveEmulator;
import dev.vodflow.localaws.ses.LocalSes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local world vodflow's services run in, composed in one place for the dev stack and the tests: the
 * infrastructure of {@link LocalEnvironment} (Kafka, PostgreSQL, S3, SQS), the MediaConvert and MediaLive emulators,
 * the SES stand-in and CloudFront edges; and the one list of the properties that tell a service where they are
 * ({@link #serviceProperties}). The emulators and SES start on first use, so that a test of one service starts only
 * what it reads, or all together with {@link #startAll()}.
 */
public final class LocalWorld implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalWorld.class);

    /** The queue the SES stand-in posts simulator bounces and complaints to, SNS-wrapped, as production's SNS does. */
    public static final String SES_FEEDBACK_QUEUE = "ses-feedback";

    /**
     * @param environment Kafka, PostgreSQL, S3 and SQS
     * @param statusUpdateInterval how often the MediaConvert emulator posts a running job's STATUS_UPDATE
     * @param rtmpPort where the MediaLive emulator takes RTMP publishes (0: any)
     * @param srtPort where the MediaLive emulator takes SRT publishes, UDP (0: any free port)
     * @param liveGracePeriod how long a dropped live publisher is waited for ({@code null}: the emulator's default)
     * @param sesPort the SES stand-in's API and mailbox page (0: any)
     */
    public record Settings(
            LocalEnvironment.Settings environment,
            Duration statusUpdateInterval,
            int rtmpPort,
            int srtPort,
            Duration liveGracePeriod,
            int sesPort) {

        public Settings {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(statusUpdateInterval, "statusUpdateInterval");
        }

        /** Every part on a port of its own choosing, jobs reporting progress every second. */
        public static Settings of(LocalEnvironment.Settings environment) {
            return new Settings(environment, Duration.ofSeconds(1), 0, 0, null, 0);
        }

        public Settings withStatusUpdateInterval(Duration interval) {
            return new Settings(environment, interval, rtmpPort, srtPort, liveGracePeriod, sesPort);
        }

        public Settings withRtmpPort(int port) {
            return new Settings(environment, statusUpdateInterval, port, srtPort, liveGracePeriod, sesPort);
        }

        public Settings withSrtPort(int port) {
            return new Settings(environment, statusUpdateInterval, rtmpPort, port, liveGracePeriod, sesPort);
        }

        public Settings withLiveGracePeriod(Duration gracePeriod) {
            return new Settings(environment, statusUpdateInterval, rtmpPort, srtPort, gracePeriod, sesPort);
        }

        public Settings withSesPort(int port) {
            return new Settings(environment, statusUpdateInterval, rtmpPort, srtPort, liveGracePeriod, port);
        }
    }

    private final Settings settings;
    private final LocalEnvironment environment;
    private final Path data;
    private final Part<MediaConvertEmulator> mediaConvert = new Part<>(this::startMediaConvert);
    private final Part<MediaLiveEmulator> mediaLive = new Part<>(this::startMediaLive);
    private final Part<LocalSes> ses = new Part<>(this::startSes);

    private LocalWorld(Settings settings, LocalEnvironment environment) {
        this.settings = settings;
        this.environment = environment;
        this.data = settings.environment().dataDirectory().toAbsolutePath();
    }

    /** Starts the infrastructure (Kafka, PostgreSQL, S3, SQS, in parallel); the rest starts on first use. */
    public static LocalWorld start(Settings settings) {
        return new LocalWorld(settings, LocalEnvironment.start(settings.environment()));
    }

    /** Starts the emulators and SES now, in parallel, as a whole stack needs them; a failure stops the world. */
    public LocalWorld startAll() {
        try {
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(this::mediaConvert),
                            CompletableFuture.runAsync(this::mediaLive),
                            CompletableFuture.runAsync(this::ses))
                    .join();
        } catch (CompletionException e) {
            close();
            throw new IllegalStateException(
                    "local world did not start: " + e.getCause().getMessage(), e);
        }
        return this;
    }

    public LocalEnvironment environment() {
        return environment;
    }

    /**
     * The MediaConvert emulator, started on first use: it reads and writes this S3 and posts job state events to
     * {@code mediaconvert-events}.
     */
    public MediaConvertEmulator mediaConvert() {
        return mediaConvert.get();
    }

    private MediaConvertEmulator startMediaConvert() {
        return MediaConvertEmulator.start(MediaConvertEmulator.Config.of(
                        environment.s3Endpoint(),
                        environment.sqsEndpoint(),
                        environment.sqs().queueUrl(LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE),
                        LocalAws.REGION,
                        LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY)
                .withWorkDirectory(data.resolve("mediaconvert"))
                .withStatusUpdateInterval(settings.statusUpdateInterval()));
    }

    /**
     * The MediaLive emulator, started on first use: its RTMP and SRT ports take publishes for the channels made
     * through its API and it writes their HLS output and recordings to this S3.
     */
    public MediaLiveEmulator mediaLive() {
        return mediaLive.get();
    }

    private MediaLiveEmulator startMediaLive() {
        MediaLiveEmulator.Config config = MediaLiveEmulator.Config.of(environment.s3Endpoint())
                .withPorts(0, settings.rtmpPort())
                .withSrtPort(settings.srtPort() > 0 ? settings.srtPort() : freeUdpPort())
                .withWorkDirectory(data.resolve("medialive"));
        if (settings.liveGracePeriod() != null) {
            config = config.withGracePeriod(settings.liveGracePeriod());
        }
        return MediaLiveEmulator.start(config);
    }

    /**
     * The SES v2 stand-in, started on first use: mail sent through it lands in its mailbox over SMTP, and mail to the
     * simulator's bounce and complaint addresses posts feedback to {@link #SES_FEEDBACK_QUEUE}.
     */
    public LocalSes ses() {
        return ses.get();
    }

    private LocalSes startSes() {
        String feedback = environment
                .sqs()
                .createQueueWithDeadLetterQueue(
                        SES_FEEDBACK_QUEUE, LocalEnvironment.MAX_RECEIVE_COUNT, Duration.ofSeconds(30));
        return LocalSes.start(new LocalSes.Config(settings.sesPort(), 0, null, null)
                .withFeedbackQueue(environment.sqsEndpoint(), feedback));
    }

    /**
     * Starts a CloudFront edge on {@code port} (0: any) in front of the media bucket, letting through holders of
     * cookies or URLs signed with a key of {@code keyGroup}; the caller closes it (each test has its own keys).
     */
    public CloudFrontEdge startCloudFrontEdge(int port, Map<String, PublicKey> keyGroup, Set<String> allowedOrigins) {
        return new CloudFrontEdge(new CloudFrontEdgeConfig(
                        port,
                        environment.s3Endpoint(),
                        LocalAws.REGION,
                        LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY,
                        LocalEnvironment.BUCKET,
                        keyGroup,
                        allowedOrigins))
                .start();
    }

    /**
     * What tells a service where this world is, by property name: Kafka, its database at {@code jdbcUrl}, the AWS
     * endpoints, queues and bucket under {@code vodflow.aws.*}, the emulators, and the orchestrator's ffprobe
     * ({@link MediaConvertEmulator#sourceProbe()}). Each value is computed when asked for: an emulator starts only
     * when a service reads its endpoint.
     */
    public Map<String, Supplier<String>> serviceProperties(Supplier<String> jdbcUrl) {
        Map<String, Supplier<String>> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", environment::kafkaBootstrapServers);
        properties.put("spring.cloud.stream.kafka.binder.brokers", environment::kafkaBootstrapServers);
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put(
                "spring.datasource.username", () -> environment.postgres().user());
        properties.put(
                "spring.datasource.password", () -> environment.postgres().password());
        properties.put("vodflow.aws.region", () -> LocalAws.REGION);
        properties.put("vodflow.aws.access-key-id", () -> LocalAws.ACCESS_KEY_ID);
        properties.put("vodflow.aws.secret-access-key", () -> LocalAws.SECRET_ACCESS_KEY);
        properties.put("vodflow.aws.s3.endpoint", () -> environment.s3Endpoint().toString());
        properties.put("vodflow.aws.s3.bucket", () -> LocalEnvironment.BUCKET);
        properties.put(
                "vodflow.aws.sqs.endpoint", () -> environment.sqsEndpoint().toString());
        properties.put(
                "vodflow.aws.sqs.s3-events-queue-url",
                () -> environment.sqs().queueUrl(LocalEnvironment.S3_EVENTS_QUEUE));
        properties.put(
                "vodflow.aws.sqs.mediaconvert-events-queue-url",
                () -> environment.sqs().queueUrl(LocalEnvironment.MEDIACONVERT_EVENTS_QUEUE));
        properties.put(
                "vodflow.aws.mediaconvert.endpoint",
                () -> mediaConvert().endpoint().toString());
        // Read only by the orchestrator: the ffprobe of the two builds that starts quicker (the bundled one where it
        // runs).
        properties.put(
                "vodflow.transcode.probe.ffprobe",
                () -> mediaConvert().sourceProbe().toString());
        properties.put(
                "vodflow.aws.medialive.endpoint", () -> mediaLive().endpoint().toString());
        return properties;
    }

    /** Where the SES stand-in is, for the service that sends mail (notification-service). */
    public Map<String, Supplier<String>> mailProperties() {
        Map<String, Supplier<String>> properties = new LinkedHashMap<>();
        properties.put("vodflow.aws.ses.endpoint", () -> ses().endpoint().toString());
        properties.put(
                "vodflow.notification.email.feedback-queue-url",
                () -> environment.sqs().queueUrl(SES_FEEDBACK_QUEUE));
        return properties;
    }

    /** {@link #serviceProperties} (or any such map) resolved now, as command-line arguments for a service's JVM. */
    public static List<String> asArguments(Map<String, Supplier<String>> properties) {
        return properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue().get())
                .toList();
    }

    /** Stops the emulators and SES, then the infrastructure, each even if another fails to stop. */
    @Override
    public void close() {
        mediaConvert.close();
        mediaLive.close();
        ses.close();
        environment.close();
    }

    /** A part that starts on first use, once, whichever thread asks first; the others wait for it. */
    private static final class Part<T extends AutoCloseable> {

        private final Supplier<T> start;
        private T started;

        Part(Supplier<T> start) {
            this.start = start;
        }

        synchronized T get() {
            if (started == null) {
                started = start.get();
            }
            return started;
        }

        synchronized void close() {
            if (started != null) {
                try {
                    started.close();
                } catch (Exception e) {
                    log.warn("{} did not stop cleanly", started.getClass().getSimpleName(), e);
                }
                started = null;
            }
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port for the SRT ingest", e);
        }
    }
}
