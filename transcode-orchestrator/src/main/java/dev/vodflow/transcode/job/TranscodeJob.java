package dev.vodflow.transcode.job;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One MediaConvert job attempt for a video. Immutable: each change is a new value saved in a transaction. */
@Table("transcode_job")
public record TranscodeJob(
        @Id Long id,
        String videoId,
        int attempt,
        String ownerId,
        String sourceBucket,
        String sourceKey,
        String uploadedEventId,
        Instant uploadedAt,
        String clientRequestToken,
        String jobId,
        JobStatus status,
        int percent,
        String phase,
        Integer sourceWidth,
        Integer sourceHeight,
        Long durationMs,
        String errorCode,
        String errorMessage,
        Instant createdAt,
        Instant submittedAt,
        Instant lastEventAt,
        Instant finishedAt,
        Instant updatedAt) {

    /** A new attempt, not yet submitted. */
    public static TranscodeJob pending(
            String videoId,
            int attempt,
            String ownerId,
            String sourceBucket,
            String sourceKey,
            String uploadedEventId,
            Instant uploadedAt,
            Instant now) {
        return new TranscodeJob(
                null,
                videoId,
                attempt,
                ownerId,
                sourceBucket,
                sourceKey,
                uploadedEventId,
                uploadedAt,
                JobRequests.clientRequestToken(videoId, attempt),
                null,
                JobStatus.PENDING,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                now,
                null,
                null,
                null,
                now);
    }

    /** The next attempt of the same source. */
    public TranscodeJob nextAttempt(Instant now) {
        return pending(videoId, attempt + 1, ownerId, sourceBucket, sourceKey, uploadedEventId, uploadedAt, now);
    }

    public TranscodeJob probed(SourceMedia source, Instant now) {
        return with(
                jobId,
                status,
                percent,
                phase,
                source.displayWidth(),
                source.displayHeight(),
                source.durationMs(),
                errorCode,
                errorMessage,
                submittedAt,
                lastEventAt,
                finishedAt,
                now);
    }

    /** CreateJob answered; an event may have moved the job on already, then only the id is filled in. */
    public TranscodeJob submitted(String newJobId, Instant now) {
        JobStatus next = status == JobStatus.PENDING ? JobStatus.SUBMITTED : status;
        return with(
                jobId == null ? newJobId : jobId,
                next,
                percent,
                phase,
                sourceWidth,
                sourceHeight,
                durationMs,
                errorCode,
                errorMessage,
                submittedAt == null ? now : submittedAt,
                lastEventAt,
                finishedAt,
                now);
    }

    public TranscodeJob progressed(String knownJobId, JobStatus next, int newPercent, String newPhase, Instant now) {
        return with(
                jobId == null ? knownJobId : jobId,
                next,
                Math.max(percent, newPercent),
                newPhase == null ? phase : newPhase,
                sourceWidth,
                sourceHeight,
                durationMs,
                errorCode,
                errorMessage,
                submittedAt,
                now,
                finishedAt,
                now);
    }

    public TranscodeJob completed(String knownJobId, long finalDurationMs, Instant now) {
        return with(
                jobId == null ? knownJobId : jobId,
                JobStatus.COMPLETE,
                100,
                phase,
                sourceWidth,
                sourceHeight,
                finalDurationMs,
                null,
                null,
                submittedAt,
                now,
                now,
                now);
    }

    public TranscodeJob ended(String knownJobId, JobStatus next, String code, String message, Instant now) {
        return with(
                jobId == null ? knownJobId : jobId,
                next,
                percent,
                phase,
                sourceWidth,
                sourceHeight,
                durationMs,
                code,
                message,
                submittedAt,
                now,
                now,
                now);
    }

    /** The same attempt (identity, source, token, creation) with what may change replaced. */
    private TranscodeJob with(
            String newJobId,
            JobStatus newStatus,
            int newPercent,
            String newPhase,
            Integer newSourceWidth,
            Integer newSourceHeight,
            Long newDurationMs,
            String newErrorCode,
            String newErrorMessage,
            Instant newSubmittedAt,
            Instant newLastEventAt,
            Instant newFinishedAt,
            Instant now) {
        return new TranscodeJob(
                id,
                videoId,
                attempt,
                ownerId,
                sourceBucket,
                sourceKey,
                uploadedEventId,
                uploadedAt,
                clientRequestToken,
                newJobId,
                newStatus,
                newPercent,
                newPhase,
                newSourceWidth,
                newSourceHeight,
                newDurationMs,
                newErrorCode,
                newErrorMessage,
                createdAt,
                newSubmittedAt,
                newLastEventAt,
                newFinishedAt,
                now);
    }

    /** When something was last heard of this attempt, for the reconciler's "quiet" test. */
    public Instant lastHeardAt() {
        if (lastEventAt != null) {
            return lastEventAt;
        }
        return submittedAt != null ? submittedAt : updatedAt;
    }
}
