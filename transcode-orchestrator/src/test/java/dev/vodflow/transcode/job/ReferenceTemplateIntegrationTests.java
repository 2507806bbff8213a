package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.localaws.mediaconvert.MediaConvertEmulator;
import dev.vodflow.localaws.mediaconvert.SampleClips;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.transcode.it.Clips;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The reference template's job settings as this service builds them, run by the MediaConvert emulator: the MPEG-TS
 * rungs play with one audio rendition, which the master playlist announces and FFmpeg reads.
 */
class ReferenceTemplateIntegrationTests {

    static MediaConvertEmulator emulator;
    static MediaConvertClient client;
    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void startEmulator() {
        LocalInfrastructure infra = LocalInfrastructure.get();
        // An emulator of its own that posts no job events: nothing else in this JVM should see these jobs.
        emulator = MediaConvertEmulator.start(MediaConvertEmulator.Config.of(
                infra.s3Endpoint(), null, null, infra.region(), infra.accessKeyId(), infra.secretAccessKey()));
        client = MediaConvertClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(infra.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(infra.accessKeyId(), infra.secretAccessKey())))
                .build();
        s3 = infra.s3();
        bucket = infra.bucket();
    }

    @AfterAll
    static void stopEmulator() {
        client.close();
        emulator.close();
    }

    @Test
    void theTransportStreamRungsShareOneAudioRenditionThatFfmpegReads() throws Exception {
        String videoId = "v" + UUID.randomUUID().toString().replace("-", "");
        Path work = Files.createTempDirectory("vodflow-reference-");
        Path clip = Clips.video(work, 1280, 720, 3);
        String sourceKey = "input/" + videoId + "/source";
        s3.putObject(b -> b.bucket(bucket).key(sourceKey), RequestBody.fromFile(clip));
        TranscodeJob attempt = TranscodeJob.pending(
                videoId, 1, "alice", bucket, sourceKey, "uploaded-" + videoId, Instant.now(), Instant.now());
        OutputPlan plan = TemplateFixtures.ladder().plan(SourceMedia.video(1280, 720, true, 3_000));
        JobRequests requests = new JobRequests(
                TemplateFixtures.reference(),
                new TranscodeProperties.MediaConvert("arn:aws:iam::000000000000:role/vodflow", null));

        String id =
                client.createJob(requests.build(attempt, bucket, plan)).job().id();
        Job job = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> client.getJob(b -> b.id(id)).job(),
                        j -> j.status() == JobStatus.COMPLETE || j.status() == JobStatus.ERROR);
        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.COMPLETE);

        String prefix = JobRequests.outputPrefix(videoId) + "hls/";
        Path hls = Files.createDirectories(work.resolve("hls"));
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents()
                .forEach(object -> s3.getObject(
                        b -> b.bucket(bucket).key(object.key()),
                        hls.resolve(object.key().substring(prefix.length()))));
        String master = Files.readString(hls.resolve("master.m3u8"), StandardCharsets.UTF_8);
        assertThat(master)
                .contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"program_audio\"")
                .contains("URI=\"master_audio.m3u8\"");
        List<String> variants =
                master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")).toList();
        assertThat(variants).hasSize(3).allSatisfy(variant -> assertThat(variant)
                .contains("AUDIO=\"program_audio\"")
                .contains(",mp4a.40.2\""));
        assertThat(Files.list(hls).map(p -> p.getFileName().toString()))
                .as("one set of audio segments, none muxed into the rungs")
                .anyMatch(name -> name.startsWith("master_audio_") && name.endsWith(".ts"));

        assertThat(probe(hls.resolve("master_audio.m3u8"))).containsExactly("aac,audio");
        assertThat(probe(hls.resolve("master_720p.m3u8"))).containsExactly("h264,video");
        assertThat(probe(hls.resolve("master.m3u8"))).contains("h264,video", "aac,audio");
    }

    private static List<String> probe(Path target) throws Exception {
        Process process = new ProcessBuilder(
                        SampleClips.binaries().ffprobe().toString(),
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_name,codec_type",
                        "-of",
                        "csv=p=0",
                        target.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output.lines().filter(l -> !l.isBlank()).distinct().toList();
    }
}
