package dev.vodflow.transcode.ops;

import dev.vodflow.transcode.job.JobStatus;
import dev.vodflow.transcode.job.TranscodeJob;
import java.time.Instant;
import java.util.List;

/** A video's transcode history as operators see it: the current state and every attempt. */
record JobView(String videoId, String ownerId, JobStatus status, List<Attempt> attempts) {

    record Attempt(
            int attempt,
            String jobId,
            JobStatus status,
            int percent,
            String phase,
            String errorCode,
            String errorMessage,
            Instant createdAt,
            Instant submittedAt,
            Instant lastEventAt,
            Instant finishedAt) {}

    static JobView of(List<TranscodeJob> jobs) {
        TranscodeJob latest = jobs.get(jobs.size() - 1);
        return new JobView(
                latest.videoId(),
                latest.ownerId(),
                latest.status(),
                jobs.stream()
                        .map(j -> new Attempt(
                                j.attempt(),
                                j.jobId(),
                                j.status(),
                                j.percent(),
                                j.phase(),
                                j.errorCode(),
                                j.errorMessage(),
                                j.createdAt(),
                                j.submittedAt(),
                                j.lastEventAt(),
                                j.finishedAt()))
                        .toList());
    }
}
