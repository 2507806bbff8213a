package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.localaws.mediaconvert.OutputCollector.GroupResult;
import dev.vodflow.localaws.mediaconvert.OutputCollector.OutputResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<JsonNode> sent = new ArrayList<>();
    private final JobEvents events =
            new JobEvents((jobId, eventId, body) -> sent.add(json.readTree(body)), "us-east-1", "000000000000", json);
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private Job job() {
        return new Job(
                "1767225600000-abcdef",
                "arn:aws:mediaconvert:us-east-1:000000000000:jobs/1767225600000-abcdef",
                "arn:aws:mediaconvert:us-east-1:000000000000:queues/Default",
                "role",
                "token",
                "SECONDS_10",
                Duration.ofSeconds(10),
                t0,
                json.createObjectNode(),
                Map.of("videoId", "v1"),
                SettingsParser.parse(SettingsParserTests.referenceSettings()),
                events);
    }

    private List<String> statuses() {
        return sent.stream()
                .map(e -> e.path("detail").path("status").asString())
                .toList();
    }

    @Test
    void statusUpdatesComeAtTheIntervalAndNeverAfterCompletion() {
        Job job = job();
        job.start(t0);
        job.enter(Job.Phase.TRANSCODING, t0);
        job.progress(10, 30, t0.plusSeconds(5));
        job.progress(40, 120, t0.plusSeconds(11));
        job.progress(60, 180, t0.plusSeconds(15));
        job.complete(
                List.of(new GroupResult(
                        JobSpec.GroupType.FILE_GROUP,
                        List.of(),
                        List.of(new OutputResult(List.of("s3://b/o.mp4"), 6000, 1280, 720, 1_000_000L)))),
                t0.plusSeconds(20));
        job.progress(100, 300, t0.plusSeconds(60));
        job.fail(1040, "late failure", t0.plusSeconds(61));
        assertThat(job.cancel(t0.plusSeconds(62))).isFalse();

        assertThat(statuses()).containsExactly("PROGRESSING", "STATUS_UPDATE", "COMPLETE");
        JsonNode update = sent.get(1);
        assertThat(update.path("detail")
                        .path("jobProgress")
                        .path("currentPhase")
                        .asString())
                .isEqualTo("TRANSCODING");
        assertThat(update.path("detail")
                        .path("jobProgress")
                        .path("jobPercentComplete")
                        .asInt())
                .isEqualTo(39);
        assertThat(update.path("detail").path("framesDecoded").asLong()).isEqualTo(120);
        JsonNode complete = sent.get(2);
        assertThat(complete.path("detail-type").asString()).isEqualTo("MediaConvert Job State Change");
        assertThat(complete.path("resources").get(0).asString()).endsWith(":jobs/1767225600000-abcdef");
        assertThat(complete.path("detail").path("userMetadata").path("videoId").asString())
                .isEqualTo("v1");
        assertThat(complete.at("/detail/outputGroupDetails/0/outputDetails/0/videoDetails/widthInPx")
                        .asInt())
                .isEqualTo(1280);
        assertThat(job.toJson(json).path("status").asString()).isEqualTo("COMPLETE");
        assertThat(job.toJson(json)
                        .at("/outputGroupDetails/0/outputDetails/0/durationInMs")
                        .asLong())
                .isEqualTo(6000);
    }

    @Test
    void canceledQueuedJobNeverStarts() {
        Job job = job();

        assertThat(job.cancel(t0)).isTrue();
        assertThat(job.start(t0.plusSeconds(1))).isFalse();

        assertThat(statuses()).containsExactly("CANCELED");
        assertThat(job.toJson(json).path("status").asString()).isEqualTo("CANCELED");
    }

    @Test
    void errorCarriesCodeAndMessage() {
        Job job = job();
        job.start(t0);
        job.fail(1010, "Unable to open input file", t0.plusSeconds(1));

        assertThat(statuses()).containsExactly("PROGRESSING", "ERROR");
        assertThat(sent.get(1).path("detail").path("errorCode").asInt()).isEqualTo(1010);
        assertThat(job.toJson(json).path("errorMessage").asString()).isEqualTo("Unable to open input file");
    }
}
