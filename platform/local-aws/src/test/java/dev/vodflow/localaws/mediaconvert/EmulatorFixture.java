package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.localaws.AdjustableClock;
import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.LocalS3;
import dev.vodflow.localaws.LocalSqs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * S3, SQS and the emulator for this module's integration tests, started once per test JVM. (test-support
 * depends on this module, so these tests start the stand-ins themselves.)
 */
final class EmulatorFixture {

    static final String BUCKET = "vodflow-media";
    static final String QUEUE = "mediaconvert-events";

    private static volatile EmulatorFixture instance;

    final Path directory;
    final LocalSqs sqs;
    final LocalS3 s3;
    final String queueUrl;
    /** The emulator's clock: tests move it past the client request token window. */
    final AdjustableClock clock = new AdjustableClock();

    final MediaConvertEmulator emulator;
    final MediaConvertClient client;
    final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, List<JsonNode>> eventsByJob = new ConcurrentHashMap<>();

    private EmulatorFixture() throws IOException {
        directory = Files.createTempDirectory("mediaconvert-it");
        sqs = LocalSqs.start(0);
        s3 = LocalS3.start(new LocalS3.Config(directory.resolve("s3"), 0, List.of()), sqs.client());
        s3.createBucket(BUCKET);
        queueUrl = sqs.createQueueWithDeadLetterQueue(QUEUE, 3, Duration.ofSeconds(30));
        emulator = MediaConvertEmulator.start(
                MediaConvertEmulator.Config.of(
                                s3.endpoint(),
                                sqs.endpoint(),
                                queueUrl,
                                LocalAws.REGION,
                                LocalAws.ACCESS_KEY_ID,
                                LocalAws.SECRET_ACCESS_KEY)
                        .withWorkerThreads(1)
                        .withWorkDirectory(directory.resolve("work"))
                        .withStatusUpdateInterval(Duration.ofMillis(200)),
                clock);
        client = MediaConvertClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials())
                .build();
    }

    static EmulatorFixture get() {
        if (instance == null) {
            synchronized (EmulatorFixture.class) {
                if (instance == null) {
                    try {
                        EmulatorFixture fixture = new EmulatorFixture();
                        Runtime.getRuntime().addShutdownHook(new Thread(fixture::stop));
                        instance = fixture;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return instance;
    }

    private void stop() {
        client.close();
        emulator.close();
        s3.close();
        sqs.close();
    }

    /** Makes a clip with FFmpeg's lavfi sources ({@link SampleClips#make}), once per name. */
    Path clip(String name, String... ffmpegArguments) {
        return once(name, file -> SampleClips.make(file, ffmpegArguments));
    }

    /** A test-pattern clip with a tone: {@code size} like 320x240, {@code seconds} long, 30 fps. */
    Path testClip(String name, String size, int seconds) {
        return once(name, file -> SampleClips.video(file, size, 30, seconds));
    }

    /** A test-pattern clip without audio, index at the end (as FFmpeg writes MP4 by default). */
    Path videoOnlyClip(String name, String size, int rate, int seconds) {
        return once(name, file -> SampleClips.videoOnly(file, size, rate, seconds));
    }

    private Path once(String name, UnaryOperator<Path> make) {
        Path file = directory.resolve("clips").resolve(name);
        return Files.exists(file) ? file : make.apply(file);
    }

    String upload(String key, Path file) {
        s3.client().putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromFile(file));
        return "s3://" + BUCKET + "/" + key;
    }

    String upload(String key, byte[] content) {
        s3.client()
                .putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromBytes(content));
        return "s3://" + BUCKET + "/" + key;
    }

    byte[] download(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    List<String> keys(String prefix) {
        return s3
                .client()
                .listObjectsV2Paginator(ListObjectsV2Request.builder()
                        .bucket(BUCKET)
                        .prefix(prefix)
                        .build())
                .contents()
                .stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    /** Downloads everything under {@code prefix} into a folder, keeping names relative to the prefix. */
    Path downloadAll(String prefix) throws IOException {
        Path target = Files.createTempDirectory(directory, "download");
        for (String key : keys(prefix)) {
            Path file = target.resolve(key.substring(prefix.length()));
            Files.createDirectories(file.getParent());
            Files.write(file, download(key));
        }
        return target;
    }

    /** Reads the queue as a consumer would and files each event under its job, in the order received. */
    synchronized void drainEvents() {
        List<Message> messages;
        do {
            messages = sqs.client()
                    .receiveMessage(ReceiveMessageRequest.builder()
                            .queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(0)
                            .build())
                    .messages();
            for (Message message : messages) {
                JsonNode event = json.readTree(message.body());
                eventsByJob
                        .computeIfAbsent(event.path("detail").path("jobId").asString(), id -> new ArrayList<>())
                        .add(event);
                sqs.client()
                        .deleteMessage(DeleteMessageRequest.builder()
                                .queueUrl(queueUrl)
                                .receiptHandle(message.receiptHandle())
                                .build());
            }
        } while (!messages.isEmpty());
    }

    synchronized List<JsonNode> events(String jobId) {
        drainEvents();
        return List.copyOf(eventsByJob.getOrDefault(jobId, List.of()));
    }

    List<String> statuses(String jobId) {
        return events(jobId).stream()
                .map(event -> event.path("detail").path("status").asString())
                .toList();
    }

    /** What ffprobe reads: csv lines of {@code entries}, blank and repeated (program) lines dropped. */
    static List<String> probe(Path file, String entries, String... options) {
        return probe(file.toString(), entries, options);
    }

    /** The same for a URL, for example a manifest on the edge ({@code -headers} carrying the cookies). */
    static List<String> probe(String target, String entries, String... options) {
        List<String> command =
                new ArrayList<>(List.of(SampleClips.binaries().ffprobe().toString(), "-v", "error"));
        command.addAll(List.of(options));
        command.addAll(List.of("-show_entries", entries, "-of", "csv=p=0", target));
        ProcessResult result = run(command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output()
                .lines()
                .filter(line -> !line.isBlank())
                .distinct()
                .toList();
    }

    static ProcessResult run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new ProcessResult(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record ProcessResult(int exitCode, String output) {}
}
