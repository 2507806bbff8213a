package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.Redelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for AWS Elemental MediaConvert: an HTTP server speaking the job part of the MediaConvert
 * REST API (2017-08-29) that the AWS SDK and CLI use, running each job as one FFmpeg process on a bounded
 * worker pool, reading inputs from and writing outputs to S3, and posting EventBridge-shaped job state
 * change events to an SQS queue.
 *
 * <pre>{@code
 * try (var emulator = MediaConvertEmulator.start(MediaConvertEmulator.Config.of(s3, sqs, queueUrl, ...))) {
 *     MediaConvertClient.builder().endpointOverride(emulator.endpoint())...
 * }
 * }</pre>
 */
public final class MediaConvertEmulator implements AutoCloseable {

    /**
     * Settings of the emulator.
     *
     * @param port the port to listen on (loopback only), 0 for any free port
     * @param s3Endpoint the S3 endpoint inputs are read from and outputs written to (path-style)
     * @param sqsEndpoint the SQS endpoint of the job state queue
     * @param jobStateQueueUrl where job state change events go; null to post none
     * @param region the region reported in ARNs and events, and used to sign S3/SQS calls
     * @param accessKeyId credentials for S3 and SQS
     * @param secretAccessKey credentials for S3 and SQS
     * @param workerThreads how many jobs transcode at once; the rest wait in the queue as SUBMITTED
     * @param ffmpeg the ffmpeg executable, or null to use the PATH, then the bytedeco binaries
     * @param ffprobe the ffprobe executable, or null to take the one next to ffmpeg (or on the PATH)
     * @param workDirectory where jobs work and bundled binaries are extracted; null for a temporary folder
     * @param throttleShare the share (0.0 to 1.0) of CreateJob calls answered with TooManyRequestsException
     * @param statusUpdateInterval how often STATUS_UPDATE is posted; null to honour each job's setting
     * @param minimumJobTimeout the least time a job may run; each second of input adds 20 s to it
     * @param accountId the account id reported in ARNs and events
     */
    public record Config(
            int port,
            URI s3Endpoint,
            URI sqsEndpoint,
            String jobStateQueueUrl,
            String region,
            String accessKeyId,
            String secretAccessKey,
            int workerThreads,
            Path ffmpeg,
            Path ffprobe,
            Path workDirectory,
            double throttleShare,
            Duration statusUpdateInterval,
            Duration minimumJobTimeout,
            String accountId) {

        public Config {
            Objects.requireNonNull(s3Endpoint, "s3Endpoint");
            Objects.requireNonNull(region, "region");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (workerThreads < 1) {
                throw new IllegalArgumentException("workerThreads must be at least 1, was " + workerThreads);
            }
            if (!(throttleShare >= 0.0 && throttleShare <= 1.0)) {
                throw new IllegalArgumentException("throttleShare must be between 0.0 and 1.0, was " + throttleShare);
            }
            if (jobStateQueueUrl != null && sqsEndpoint == null) {
                throw new IllegalArgumentException("jobStateQueueUrl needs sqsEndpoint");
            }
            minimumJobTimeout = minimumJobTimeout == null ? Duration.ofMinutes(2) : minimumJobTimeout;
            accountId = accountId == null ? "000000000000" : accountId;
        }

        /** Defaults for everything but where S3 and SQS are: any port, one worker, FFmpeg from the PATH. */
        public static Config of(
                URI s3Endpoint,
                URI sqsEndpoint,
                String jobStateQueueUrl,
                String region,
                String accessKeyId,
                String secretAccessKey) {
            return new Config(
                    0,
                    s3Endpoint,
                    sqsEndpoint,
                    jobStateQueueUrl,
                    region,
                    accessKeyId,
                    secretAccessKey,
                    1,
                    null,
                    null,
                    null,
                    0.0,
                    null,
                    null,
                    null);
        }

        public Config withPort(int port) {
            return with(b -> b.port = port);
        }

        public Config withWorkerThreads(int workerThreads) {
            return with(b -> b.workerThreads = workerThreads);
        }

        public Config withFfmpeg(Path ffmpeg, Path ffprobe) {
            return with(b -> {
                b.ffmpeg = ffmpeg;
                b.ffprobe = ffprobe;
            });
        }

        public Config withWorkDirectory(Path workDirectory) {
            return with(b -> b.workDirectory = workDirectory);
        }

        public Config withThrottleShare(double throttleShare) {
            return with(b -> b.throttleShare = throttleShare);
        }

        public Config withStatusUpdateInterval(Duration statusUpdateInterval) {
            return with(b -> b.statusUpdateInterval = statusUpdateInterval);
        }

        public Config withMinimumJobTimeout(Duration minimumJobTimeout) {
            return with(b -> b.minimumJobTimeout = minimumJobTimeout);
        }

        private Config with(Consumer<Builder> change) {
            Builder builder = new Builder(this);
            change.accept(builder);
            return builder.build();
        }

        /** A copy to change one setting of, so that each {@code with...} names only what it changes. */
        private static final class Builder {
            private int port;
            private final URI s3Endpoint;
            private final URI sqsEndpoint;
            private final String jobStateQueueUrl;
            private final String region;
            private final String accessKeyId;
            private final String secretAccessKey;
            private int workerThreads;
            private Path ffmpeg;
            private Path ffprobe;
            private Path workDirectory;
            private double throttleShare;
            private Duration statusUpdateInterval;
            private Duration minimumJobTimeout;
            private final String accountId;

            private Builder(Config config) {
                port = config.port;
                s3Endpoint = config.s3Endpoint;
                sqsEndpoint = config.sqsEndpoint;
                jobStateQueueUrl = config.jobStateQueueUrl;
                region = config.region;
                accessKeyId = config.accessKeyId;
                secretAccessKey = config.secretAccessKey;
                workerThreads = config.workerThreads;
                ffmpeg = config.ffmpeg;
                ffprobe = config.ffprobe;
                workDirectory = config.workDirectory;
                throttleShare = config.throttleShare;
                statusUpdateInterval = config.statusUpdateInterval;
                minimumJobTimeout = config.minimumJobTimeout;
                accountId = config.accountId;
            }

            private Config build() {
                return new Config(
                        port,
                        s3Endpoint,
                        sqsEndpoint,
                        jobStateQueueUrl,
                        region,
                        accessKeyId,
                        secretAccessKey,
                        workerThreads,
                        ffmpeg,
                        ffprobe,
                        workDirectory,
                        throttleShare,
                        statusUpdateInterval,
                        minimumJobTimeout,
                        accountId);
            }
        }
    }

    private final Config config;
    private final S3Client s3;
    private final SqsClient sqs;
    private final Redelivery eventRedelivery = new Redelivery("SQS (MediaConvert job events)");
    private final ExecutorService workers;
    private final ApiServer server;
    private final Path workDirectory;
    private final boolean temporaryWorkDirectory;
    private final FfmpegBinaries binaries;
    private Path sourceProbe;

    private MediaConvertEmulator(Config config, Clock clock) throws IOException {
        this.config = config;
        this.temporaryWorkDirectory = config.workDirectory() == null;
        this.workDirectory = temporaryWorkDirectory
                ? Files.createTempDirectory("mediaconvert-emulator")
                : Files.createDirectories(config.workDirectory());
        this.binaries = FfmpegBinaries.locate(config.ffmpeg(), config.ffprobe(), workDirectory);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
        Region region = Region.of(config.region());
        this.s3 = S3Client.builder()
                .endpointOverride(config.s3Endpoint())
                .forcePathStyle(true)
                .region(region)
                .credentialsProvider(credentials)
                .build();
        this.sqs = config.sqsEndpoint() == null
                ? null
                : SqsClient.builder()
                        .endpointOverride(config.sqsEndpoint())
                        .region(region)
                        .credentialsProvider(credentials)
                        .build();
        JsonMapper json = JsonMapper.builder().build();
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
                config.workerThreads(),
                config.workerThreads(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "mediaconvert-worker-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        JobEvents events = new JobEvents(
                JobEvents.sqs(sqs, config.jobStateQueueUrl(), eventRedelivery),
                config.region(),
                config.accountId(),
                json);
        Prober prober = new Prober(binaries, json);
        JobRunner runner =
                new JobRunner(s3, binaries, prober, workDirectory, config.minimumJobTimeout(), Clock.systemUTC());
        Jobs jobs = new Jobs(config, events, runner, workers, clock);
        this.server = ApiServer.start(config.port(), jobs, json);
    }

    /** Starts the emulator; it listens on the loopback interface only. */
    public static MediaConvertEmulator start(Config config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts the emulator with the clock its job API keeps time by (creation times, the client request token's
     * window), so that tests can move past the window without waiting it out.
     */
    public static MediaConvertEmulator start(Config config, Clock clock) {
        try {
            return new MediaConvertEmulator(config, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the MediaConvert emulator", e);
        }
    }

    /** The endpoint to give the SDK ({@code endpointOverride}) or the CLI ({@code --endpoint-url}). */
    public URI endpoint() {
        return server.endpoint();
    }

    /** Changes the share of CreateJob calls refused with TooManyRequestsException, for fault tests. */
    public void throttleShare(double share) {
        server.jobs().throttleShare(share);
    }

    public Config config() {
        return config;
    }

    /** The ffmpeg the emulator runs (configured, on the PATH, or the bundled one), for tools of the local world. */
    public Path ffmpeg() {
        return binaries.ffmpeg();
    }

    /** The ffprobe beside it, which the emulator runs on each job's input. */
    public Path ffprobe() {
        return binaries.ffprobe();
    }

    /**
     * The ffprobe the orchestrator probes uploads with locally: the one configured for the emulator, else the one of
     * the two builds that starts quicker ({@link FfmpegBinaries#quickProbe}). The probe is on every upload's way to
     * its job; the emulator's own ffprobe stays paired with its ffmpeg.
     */
    public synchronized Path sourceProbe() {
        if (sourceProbe == null) {
            sourceProbe = config.ffmpeg() != null || config.ffprobe() != null
                    ? binaries.ffprobe()
                    : FfmpegBinaries.quickProbe(binaries.ffprobe(), workDirectory);
        }
        return sourceProbe;
    }

    @Override
    public void close() {
        server.stop();
        server.jobs().shutdown();
        workers.shutdownNow();
        try {
            workers.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventRedelivery.close();
        s3.close();
        if (sqs != null) {
            sqs.close();
        }
        if (temporaryWorkDirectory) {
            JobRunner.delete(workDirectory);
        }
    }
}
