package dev.vodflow.transcode.state;

import java.time.Instant;
import java.util.List;

/**
 * One observation of a MediaConvert job, from an EventBridge "MediaConvert Job State Change" event or from
 * GetJob. {@code videoId}/{@code attempt} come from the job's user metadata and may be absent for foreign jobs.
 *
 * @param status as MediaConvert names it: SUBMITTED, PROGRESSING, INPUT_INFORMATION, STATUS_UPDATE, COMPLETE,
 *     ERROR, CANCELED, NEW_WARNING, QUEUE_HOP
 */
record JobStateChange(
        String jobId,
        String status,
        Instant at,
        String videoId,
        Integer attempt,
        Integer percent,
        String phase,
        String errorCode,
        String errorMessage,
        List<GroupDetail> groups) {

    JobStateChange {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** {@code type} is HLS_GROUP or FILE_GROUP; paths are {@code s3://} URLs and may be missing (GetJob). */
    record GroupDetail(String type, List<String> playlistFilePaths, List<OutputDetail> outputs) {

        GroupDetail {
            playlistFilePaths = playlistFilePaths == null ? List.of() : List.copyOf(playlistFilePaths);
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
        }
    }

    record OutputDetail(List<String> outputFilePaths, long durationMs, int width, int height) {

        OutputDetail {
            outputFilePaths = outputFilePaths == null ? List.of() : List.copyOf(outputFilePaths);
        }
    }
}
