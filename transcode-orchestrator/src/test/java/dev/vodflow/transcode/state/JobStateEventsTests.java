package dev.vodflow.transcode.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.events.TranscodeCompleted.Rendition;
import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.OutputDetail;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupDetail;
import software.amazon.awssdk.services.mediaconvert.model.VideoDetail;
import tools.jackson.databind.json.JsonMapper;

class JobStateEventsTests {

    private final JsonMapper json = JsonMapper.builder().build();

    /** Shaped as the AWS documentation's COMPLETE example. */
    static final String COMPLETE = """
            {"version":"0","id":"1234abcd","detail-type":"MediaConvert Job State Change","source":"aws.mediaconvert",
             "account":"111122223333","time":"2022-12-19T19:07:12Z","region":"us-west-2",
             "resources":["arn:aws:mediaconvert:us-west-2:111122223333:jobs/1671476818694-phptj0"],
             "detail":{"timestamp":1671476832124,"accountId":"111122223333",
               "queue":"arn:aws:mediaconvert:us-west-2:111122223333:queues/Default","jobId":"1671476818694-phptj0",
               "status":"COMPLETE","userMetadata":{"videoId":"v1","attempt":"2"},
               "outputGroupDetails":[
                 {"outputDetails":[{"outputFilePaths":["s3://b/output/v1/hls/master_720p.m3u8"],"durationInMs":4000,
                   "videoDetails":{"widthInPx":1280,"heightInPx":720}}],
                  "playlistFilePaths":["s3://b/output/v1/hls/master.m3u8"],"type":"HLS_GROUP"},
                 {"outputDetails":[{"outputFilePaths":["s3://b/output/v1/thumbnails/thumb.0000000.jpg"],"durationInMs":4000,
                   "videoDetails":{"widthInPx":640,"heightInPx":360}}],"type":"FILE_GROUP"}]}}""";

    @Test
    void readsACompleteEvent() {
        JobStateChange change = JobStateEvents.parse(json, COMPLETE);

        assertThat(change.jobId()).isEqualTo("1671476818694-phptj0");
        assertThat(change.status()).isEqualTo("COMPLETE");
        assertThat(change.videoId()).isEqualTo("v1");
        assertThat(change.attempt()).isEqualTo(2);
        assertThat(change.at()).isEqualTo(Instant.ofEpochMilli(1671476832124L));
        assertThat(change.groups()).hasSize(2);
        assertThat(change.groups().get(0).playlistFilePaths()).containsExactly("s3://b/output/v1/hls/master.m3u8");
        assertThat(change.groups().get(1).outputs().get(0).width()).isEqualTo(640);
    }

    @Test
    void readsProgressAndNumericErrorCodes() {
        JobStateChange progress = JobStateEvents.parse(json, """
                {"detail-type":"MediaConvert Job State Change","source":"aws.mediaconvert",
                 "detail":{"timestamp":1,"jobId":"j","status":"STATUS_UPDATE","userMetadata":{},
                           "jobProgress":{"phaseProgress":{},"jobPercentComplete":42,"currentPhase":"TRANSCODING"}}}""");
        JobStateChange error = JobStateEvents.parse(json, """
                {"detail-type":"MediaConvert Job State Change","source":"aws.mediaconvert",
                 "detail":{"timestamp":1,"jobId":"j","status":"ERROR","errorCode":1010,"errorMessage":"no parser"}}""");

        assertThat(progress.percent()).isEqualTo(42);
        assertThat(progress.phase()).isEqualTo("TRANSCODING");
        assertThat(progress.videoId()).isNull();
        assertThat(error.errorCode()).isEqualTo("1010");
        assertThat(error.errorMessage()).isEqualTo("no parser");
    }

    @Test
    void refusesWhatIsNotAJobStateChange() {
        assertThatThrownBy(() -> JobStateEvents.parse(json, "not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> JobStateEvents.parse(json, "{\"detail-type\":\"Object Created\",\"source\":\"aws.s3\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobStateEvents.parse(json, """
                {"detail-type":"MediaConvert Job State Change","source":"aws.mediaconvert","detail":{}}""")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAGetJobAnswer() {
        Job job = Job.builder()
                .id("j1")
                .status(JobStatus.COMPLETE)
                .userMetadata(Map.of("videoId", "v1", "attempt", "1"))
                .outputGroupDetails(OutputGroupDetail.builder()
                        .outputDetails(OutputDetail.builder()
                                .durationInMs(4000)
                                .videoDetails(VideoDetail.builder()
                                        .widthInPx(1280)
                                        .heightInPx(720)
                                        .build())
                                .build())
                        .build())
                .build();

        JobStateChange change = JobStateEvents.fromJob(job, Instant.EPOCH);

        assertThat(change.status()).isEqualTo("COMPLETE");
        assertThat(change.attempt()).isEqualTo(1);
        assertThat(change.groups().get(0).outputs().get(0).durationMs()).isEqualTo(4000);
    }

    @Test
    void readsVariantsFromTheMasterPlaylist() {
        List<Rendition> renditions = CompletionReport.parseMaster("output/v1/hls/master.m3u8", """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=1200000,AVERAGE-BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=25.000
                master_360p.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS="mp4a.40.2"
                master_audio.m3u8
                """);

        assertThat(renditions)
                .containsExactly(
                        new Rendition(
                                RenditionKind.HLS,
                                640,
                                360,
                                1_200_000,
                                "avc1.64001e,mp4a.40.2",
                                "output/v1/hls/master_360p.m3u8"),
                        new Rendition(
                                RenditionKind.HLS, 0, 0, 140_000, "mp4a.40.2", "output/v1/hls/master_audio.m3u8"));
    }

    @Test
    void sortsErrorCodes() {
        ErrorCodes codes = new ErrorCodes("1500-1599, 1999,3400-3999");

        assertThat(codes.isServiceFault("1999")).isTrue();
        assertThat(codes.isServiceFault("3450")).isTrue();
        assertThat(codes.isServiceFault("1010")).isFalse();
        assertThat(codes.isServiceFault("OUTPUTS_MISSING")).isFalse();
        assertThat(ErrorCodes.isInputError("1040")).isTrue();
        assertThat(ErrorCodes.isInputError("3450")).isFalse();
    }
}
