package dev.vodflow.transcode.state;

import dev.vodflow.transcode.job.JobRequests;
import dev.vodflow.transcode.state.JobStateChange.GroupDetail;
import dev.vodflow.transcode.state.JobStateChange.OutputDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads job state from the two places it comes from: EventBridge events and GetJob answers. */
final class JobStateEvents {

    static final String DETAIL_TYPE = "MediaConvert Job State Change";

    private JobStateEvents() {}

    /**
     * Reads an EventBridge event as AWS documents it ({@code detail-type}, {@code source} aws.mediaconvert,
     * {@code detail.jobId/status/userMetadata/jobProgress/errorCode/errorMessage/outputGroupDetails}).
     *
     * @throws IllegalArgumentException when the body is not such an event
     */
    static JobStateChange parse(JsonMapper json, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (!DETAIL_TYPE.equals(root.path("detail-type").asString(""))
                || !"aws.mediaconvert".equals(root.path("source").asString(""))) {
            throw new IllegalArgumentException("not a MediaConvert Job State Change event");
        }
        JsonNode detail = root.path("detail");
        String jobId = detail.path("jobId").asString(null);
        String status = detail.path("status").asString(null);
        if (jobId == null || jobId.isBlank() || status == null || status.isBlank()) {
            throw new IllegalArgumentException("event without detail.jobId or detail.status");
        }
        Instant at = detail.has("timestamp")
                ? Instant.ofEpochMilli(detail.path("timestamp").asLong())
                : parseTime(root.path("time").asString(null));
        JsonNode metadata = detail.path("userMetadata");
        JsonNode progress = detail.path("jobProgress");
        List<GroupDetail> groups = new ArrayList<>();
        for (JsonNode group : detail.path("outputGroupDetails")) {
            List<OutputDetail> outputs = new ArrayList<>();
            for (JsonNode output : group.path("outputDetails")) {
                outputs.add(new OutputDetail(
                        strings(output.path("outputFilePaths")),
                        output.path("durationInMs").asLong(0),
                        output.path("videoDetails").path("widthInPx").asInt(0),
                        output.path("videoDetails").path("heightInPx").asInt(0)));
            }
            groups.add(new GroupDetail(
                    group.path("type").asString(null), strings(group.path("playlistFilePaths")), outputs));
        }
        return new JobStateChange(
                jobId,
                status,
                at,
                metadata.path(JobRequests.META_VIDEO_ID).asString(null),
                attempt(metadata.path(JobRequests.META_ATTEMPT).asString(null)),
                progress.has("jobPercentComplete")
                        ? progress.path("jobPercentComplete").asInt()
                        : null,
                progress.path("currentPhase").asString(null),
                detail.has("errorCode") ? detail.path("errorCode").asString() : null,
                detail.path("errorMessage").asString(null),
                groups);
    }

    /** What GetJob says; it carries no output paths, the completion fills them in from S3. */
    static JobStateChange fromJob(Job job, Instant now) {
        Map<String, String> metadata = job.userMetadata() == null ? Map.of() : job.userMetadata();
        List<GroupDetail> groups = new ArrayList<>();
        if (job.outputGroupDetails() != null) {
            for (OutputGroupDetail group : job.outputGroupDetails()) {
                List<OutputDetail> outputs = new ArrayList<>();
                if (group.outputDetails() != null) {
                    group.outputDetails()
                            .forEach(o -> outputs.add(new OutputDetail(
                                    List.of(),
                                    o.durationInMs() == null ? 0 : o.durationInMs(),
                                    o.videoDetails() == null || o.videoDetails().widthInPx() == null
                                            ? 0
                                            : o.videoDetails().widthInPx(),
                                    o.videoDetails() == null || o.videoDetails().heightInPx() == null
                                            ? 0
                                            : o.videoDetails().heightInPx())));
                }
                groups.add(new GroupDetail(null, List.of(), outputs));
            }
        }
        JobStatus status = job.status();
        String statusName =
                status == null || status == JobStatus.UNKNOWN_TO_SDK_VERSION ? job.statusAsString() : status.name();
        return new JobStateChange(
                job.id(),
                statusName,
                now,
                metadata.get(JobRequests.META_VIDEO_ID),
                attempt(metadata.get(JobRequests.META_ATTEMPT)),
                job.jobPercentComplete(),
                job.currentPhaseAsString(),
                job.errorCode() == null ? null : job.errorCode().toString(),
                job.errorMessage(),
                groups);
    }

    private static Integer attempt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant parseTime(String value) {
        try {
            return value == null ? Instant.now() : Instant.parse(value);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            values.add(value.asString());
        }
        return values;
    }
}
