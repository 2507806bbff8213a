package dev.vodflow.transcode.ops;

import dev.vodflow.security.Roles;
import dev.vodflow.transcode.job.JobSubmitter;
import dev.vodflow.transcode.job.TranscodeJob;
import dev.vodflow.transcode.job.TranscodeJobs;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators' view of a video's transcode attempts, and a retry for a video whose last attempt failed. */
@RestController
@RequestMapping("/jobs")
class JobsController {

    private static final Logger log = LoggerFactory.getLogger(JobsController.class);
    private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final TranscodeJobs jobs;
    private final JobSubmitter submitter;
    private final TransactionTemplate tx;
    private final Executor executor;
    private final Clock clock;

    JobsController(
            TranscodeJobs jobs,
            JobSubmitter submitter,
            TransactionTemplate tx,
            Executor applicationTaskExecutor,
            Clock clock) {
        this.jobs = jobs;
        this.submitter = submitter;
        this.tx = tx;
        this.executor = applicationTaskExecutor;
        this.clock = clock;
    }

    @GetMapping("/{videoId}")
    ResponseEntity<?> get(@PathVariable String videoId, Authentication user) {
        ResponseEntity<ProblemDetail> invalid = validate(videoId);
        if (invalid != null) {
            return invalid;
        }
        List<TranscodeJob> attempts = jobs.findByVideoIdOrderByAttemptAsc(videoId);
        // Owners may follow their own videos; anyone else learns nothing, not even that the video exists.
        if (attempts.isEmpty() || !(isAdmin(user) || attempts.get(0).ownerId().equals(user.getName()))) {
            return notFound(videoId);
        }
        return ResponseEntity.ok(JobView.of(attempts));
    }

    @PostMapping("/{videoId}/retry")
    ResponseEntity<?> retry(@PathVariable String videoId) {
        ResponseEntity<ProblemDetail> invalid = validate(videoId);
        if (invalid != null) {
            return invalid;
        }
        TranscodeJob latest = jobs.findLatest(videoId).orElse(null);
        if (latest == null) {
            return notFound(videoId);
        }
        if (!latest.status().failed()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONFLICT,
                    "Only a failed video can be retried; attempt " + latest.attempt() + " is " + latest.status() + ".");
            problem.setTitle("Video not in a failed state");
            problem.setProperty("videoId", videoId);
            problem.setProperty("status", latest.status());
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        Instant now = clock.instant();
        TranscodeJob next;
        try {
            next = tx.execute(status -> jobs.save(latest.nextAttempt(now)));
        } catch (DataIntegrityViolationException
                | org.springframework.data.relational.core.conversion.DbActionExecutionException e) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "A retry of this video was just started.");
            problem.setProperty("videoId", videoId);
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        log.info("Operator retry of video {}: attempt {}", videoId, next.attempt());
        executor.execute(() -> {
            try {
                submitter.submit(next);
            } catch (RuntimeException e) {
                log.warn("Retry of video {} not submitted yet, the reconciler will: {}", videoId, e.toString());
            }
        });
        return ResponseEntity.accepted()
                .location(URI.create("/jobs/" + videoId))
                .body(JobView.of(jobs.findByVideoIdOrderByAttemptAsc(videoId)));
    }

    private static boolean isAdmin(Authentication user) {
        return user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + Roles.OPERATOR));
    }

    private static ResponseEntity<ProblemDetail> validate(String videoId) {
        if (VIDEO_ID.matcher(videoId).matches()) {
            return null;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "videoId must be 1 to 64 letters, digits, '-' or '_'.");
        problem.setTitle("Invalid videoId");
        problem.setProperty("field", "videoId");
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseEntity<ProblemDetail> notFound(String videoId) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No transcode jobs for video " + videoId + ".");
        problem.setTitle("Unknown video");
        problem.setProperty("videoId", videoId);
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
