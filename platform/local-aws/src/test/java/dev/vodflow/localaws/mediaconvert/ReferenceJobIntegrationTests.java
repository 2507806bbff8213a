package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobResponse;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import tools.jackson.databind.JsonNode;

class ReferenceJobIntegrationTests {

    private final EmulatorFixture fixture = EmulatorFixture.get();

    @Test
    void referenceJobProducesPlayableHlsMp4AndThumbnailsAndAnnouncesIt() throws Exception {
        Path clip = fixture.testClip("reference-720p.mp4", "1280x720", 6);
        String input = fixture.upload("input/ref-1/source.mp4", clip);

        CreateJobResponse created = fixture.client.createJob(JobTemplates.reference(input, "ref-1", 2));
        String jobId = created.job().id();
        assertThat(created.job().status()).isIn(JobStatus.SUBMITTED, JobStatus.PROGRESSING);
        assertThat(created.job().userMetadata()).containsEntry("videoId", "ref-1");
        assertThat(created.job().arn()).endsWith(":jobs/" + jobId);

        Job job = JobRuns.awaitEnd(fixture, jobId);
        assertThat(job.status())
                .as("%s %s", job.errorCode(), job.errorMessage())
                .isEqualTo(JobStatus.COMPLETE);
        assertThat(job.outputGroupDetails()).hasSize(3);
        assertThat(job.outputGroupDetails().get(0).outputDetails())
                .extracting(d -> d.videoDetails().widthInPx())
                .containsExactly(640, 960, 1280);
        assertThat(job.timing().finishTime()).isNotNull();

        assertThat(fixture.keys("output/ref-1/"))
                .contains(
                        "output/ref-1/hls/master.m3u8",
                        "output/ref-1/hls/master_360.m3u8",
                        "output/ref-1/hls/master_540.m3u8",
                        "output/ref-1/hls/master_720.m3u8",
                        "output/ref-1/hls/master_360_00001.ts",
                        "output/ref-1/hls/master_720_00003.ts",
                        "output/ref-1/mp4/video_720.mp4",
                        "output/ref-1/thumbnails/thumb.0000000.jpg",
                        "output/ref-1/thumbnails/thumb.0000001.jpg");

        Path local = fixture.downloadAll("output/ref-1/");
        String master = Files.readString(local.resolve("hls/master.m3u8"), StandardCharsets.UTF_8);
        List<String> streams =
                master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")).toList();
        assertThat(streams).hasSize(3);
        for (String stream : streams) {
            assertThat(stream)
                    .containsPattern("BANDWIDTH=\\d+")
                    .containsPattern("AVERAGE-BANDWIDTH=\\d+")
                    .containsPattern("CODECS=\"avc1\\.4d40[0-9a-f]{2},mp4a\\.40\\.2\"")
                    .containsPattern("FRAME-RATE=30\\.000");
        }
        assertThat(streams.get(0)).contains("RESOLUTION=640x360");
        assertThat(streams.get(2)).contains("RESOLUTION=1280x720");
        assertThat(bandwidth(streams.get(0))).isLessThan(bandwidth(streams.get(2)));

        // FFmpeg reads the master playlist: three programs, the variants at their sizes.
        List<String> probe = EmulatorFixture.probe(local.resolve("hls/master.m3u8"), "stream=width,height");
        assertThat(probe).contains("640,360", "960,540", "1280,720");

        for (JobTemplates.Rung rung : JobTemplates.REFERENCE_LADDER) {
            Path variant = local.resolve("hls/master" + rung.nameModifier() + ".m3u8");
            List<String> read = EmulatorFixture.probe(variant, "stream=width,height", "-select_streams", "v:0");
            assertThat(read).containsExactly(rung.width() + "," + rung.height());
            List<Double> durations = Files.readAllLines(variant).stream()
                    .filter(l -> l.startsWith("#EXTINF:"))
                    .map(l -> Double.parseDouble(l.substring(8, l.indexOf(','))))
                    .toList();
            assertThat(durations).hasSize(3);
            assertThat(durations)
                    .allSatisfy(d -> assertThat(d).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05)));
        }

        Path mp4 = local.resolve("mp4/video_720.mp4");
        assertThat(OutputCollector.indexBeforeMedia(mp4)).as("moov before mdat").isTrue();
        List<String> mp4Probe = EmulatorFixture.probe(mp4, "stream=codec_name,width,height");
        assertThat(mp4Probe).contains("h264,1280,720").anyMatch(line -> line.startsWith("aac"));

        assertThat(OutputCollector.wholeJpeg(local.resolve("thumbnails/thumb.0000000.jpg")))
                .isTrue();

        List<JsonNode> events = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> fixture.events(jobId),
                        e -> !e.isEmpty()
                                && e.get(e.size() - 1)
                                        .path("detail")
                                        .path("status")
                                        .asString()
                                        .equals("COMPLETE"));
        List<String> statuses = events.stream()
                .map(e -> e.path("detail").path("status").asString())
                .toList();
        assertThat(statuses.get(0)).isEqualTo("PROGRESSING");
        assertThat(statuses).contains("INPUT_INFORMATION", "STATUS_UPDATE");
        assertThat(statuses.indexOf("COMPLETE")).isEqualTo(statuses.size() - 1);
        for (JsonNode event : events) {
            assertThat(event.path("source").asString()).isEqualTo("aws.mediaconvert");
            assertThat(event.path("detail-type").asString()).isEqualTo("MediaConvert Job State Change");
            assertThat(event.path("detail").path("userMetadata").path("videoId").asString())
                    .isEqualTo("ref-1");
        }
        JsonNode complete = events.get(events.size() - 1).path("detail");
        JsonNode hls = complete.path("outputGroupDetails").get(0);
        assertThat(hls.path("type").asString()).isEqualTo("HLS_GROUP");
        assertThat(hls.path("playlistFilePaths").get(0).asString())
                .isEqualTo("s3://vodflow-media/output/ref-1/hls/master.m3u8");
        assertThat(hls.path("outputDetails")
                        .get(2)
                        .path("outputFilePaths")
                        .get(0)
                        .asString())
                .isEqualTo("s3://vodflow-media/output/ref-1/hls/master_720.m3u8");
        assertThat(hls.path("outputDetails").get(2).path("durationInMs").asLong())
                .isBetween(5900L, 6100L);
        assertThat(hls.path("outputDetails")
                        .get(2)
                        .path("videoDetails")
                        .path("heightInPx")
                        .asInt())
                .isEqualTo(720);
        JsonNode file = complete.path("outputGroupDetails").get(1);
        assertThat(file.path("type").asString()).isEqualTo("FILE_GROUP");
        assertThat(file.path("outputDetails")
                        .get(0)
                        .path("outputFilePaths")
                        .get(0)
                        .asString())
                .isEqualTo("s3://vodflow-media/output/ref-1/mp4/video_720.mp4");
        assertThat(complete.path("outputGroupDetails")
                        .get(2)
                        .path("outputDetails")
                        .get(0)
                        .path("outputFilePaths")
                        .get(0)
                        .asString())
                .isEqualTo("s3://vodflow-media/output/ref-1/thumbnails/thumb.0000001.jpg");
        JsonNode update = events.get(statuses.indexOf("STATUS_UPDATE")).path("detail");
        assertThat(update.path("jobProgress").path("jobPercentComplete").asInt())
                .isBetween(0, 100);
        assertThat(update.path("jobProgress").path("currentPhase").asString()).isIn("TRANSCODING", "UPLOADING");
        JsonNode inputInfo = events.get(statuses.indexOf("INPUT_INFORMATION"))
                .path("detail")
                .path("inputDetails")
                .get(0);
        assertThat(inputInfo.path("video").get(0).path("width").asInt()).isEqualTo(1280);
        assertThat(inputInfo.path("audio").get(0).path("codec").asString()).isEqualTo("AAC");
    }

    @Test
    void transportStreamRungsShareOneAudioRenditionThatFfmpegReads() throws Exception {
        Path clip = fixture.testClip("ts-audio-group-360p.mp4", "640x360", 4);
        String input = fixture.upload("input/ts-audio/source.mp4", clip);
        List<JobTemplates.Rung> ladder = List.of(
                new JobTemplates.Rung("_180", 320, 180, 400_000), new JobTemplates.Rung("_360", 640, 360, 800_000));

        Job job = JobRuns.runToEnd(fixture, JobTemplates.transportStreamWithAudioGroup(input, "ts-audio", 2, ladder));

        assertThat(job.status())
                .as("%s %s", job.errorCode(), job.errorMessage())
                .isEqualTo(JobStatus.COMPLETE);
        Path local = fixture.downloadAll("output/ts-audio/");
        String master = Files.readString(local.resolve("hls/master.m3u8"), StandardCharsets.UTF_8);
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:")))
                .singleElement()
                .satisfies(media -> assertThat(media)
                        .contains("TYPE=AUDIO", "GROUP-ID=\"program_audio\"", "DEFAULT=YES", "AUTOSELECT=YES")
                        .contains("URI=\"master_audio.m3u8\""));
        List<String> streams =
                master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")).toList();
        assertThat(streams).hasSize(2).allSatisfy(stream -> assertThat(stream)
                .contains("AUDIO=\"program_audio\"")
                .containsPattern("CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\""));
        assertThat(master).doesNotContain("\nmaster_audio.m3u8");

        // The audio is stored once: the rungs' segments carry no sound, the rendition's carry no picture.
        Path audio = local.resolve("hls/master_audio.m3u8");
        assertThat(EmulatorFixture.probe(audio, "stream=codec_type,codec_name,sample_rate,channels"))
                .containsExactly("aac,audio,48000,2");
        for (JobTemplates.Rung rung : ladder) {
            Path variant = local.resolve("hls/master" + rung.nameModifier() + ".m3u8");
            assertThat(EmulatorFixture.probe(variant, "stream=codec_type,width,height"))
                    .containsExactly("video," + rung.width() + "," + rung.height());
            // the rendition lasts as long as the pictures (AAC's last frame may leave a few ms more)
            assertThat(total(durations(audio))).isCloseTo(total(durations(variant)), offset(0.1));
        }
        // FFmpeg follows the master's rendition group: the pictures of both rungs and the one audio track.
        assertThat(EmulatorFixture.probe(local.resolve("hls/master.m3u8"), "stream=codec_name,width,height"))
                .contains("h264,320,180", "h264,640,360", "aac");
    }

    private static double total(List<Double> durations) {
        return durations.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<Double> durations(Path playlist) throws java.io.IOException {
        return Files.readAllLines(playlist).stream()
                .filter(l -> l.startsWith("#EXTINF:"))
                .map(l -> Double.parseDouble(l.substring(8, l.indexOf(','))))
                .toList();
    }

    private static long bandwidth(String streamInf) {
        Matcher matcher = Pattern.compile("[:,]BANDWIDTH=(\\d+)").matcher(streamInf);
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
