package dev.vodflow.transcode.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

/** The attempts of every video. Row locks ({@code FOR UPDATE}) serialise the event consumer and the reconciler. */
public interface TranscodeJobs extends ListCrudRepository<TranscodeJob, Long> {

    List<TranscodeJob> findByVideoIdOrderByAttemptAsc(String videoId);

    @Query("SELECT * FROM transcode_job WHERE video_id = :videoId ORDER BY attempt DESC LIMIT 1")
    Optional<TranscodeJob> findLatest(@Param("videoId") String videoId);

    @Query("SELECT * FROM transcode_job WHERE video_id = :videoId AND attempt = :attempt FOR UPDATE")
    Optional<TranscodeJob> lock(@Param("videoId") String videoId, @Param("attempt") int attempt);

    @Query("SELECT * FROM transcode_job WHERE job_id = :jobId FOR UPDATE")
    Optional<TranscodeJob> lockByJobId(@Param("jobId") String jobId);

    /** Open attempts nothing has been heard of since {@code before}, oldest first. */
    @Query("SELECT * FROM transcode_job WHERE status IN ('PENDING', 'SUBMITTED', 'PROGRESSING')"
            + " AND COALESCE(last_event_at, submitted_at, updated_at) < :before ORDER BY updated_at LIMIT :limit")
    List<TranscodeJob> findQuiet(@Param("before") Instant before, @Param("limit") int limit);

    @Query("SELECT status, COUNT(*) AS jobs FROM transcode_job GROUP BY status")
    List<StatusCount> countByStatus();

    record StatusCount(JobStatus status, long jobs) {}
}
