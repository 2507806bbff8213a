package dev.vodflow.catalog.ops;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints (role {@code ADMIN}): fingerprint, in-place rebuild, replay progress. */
@RestController
@RequestMapping("/ops")
class OpsController {

    private final Fingerprint fingerprint;
    private final Replay replay;

    OpsController(Fingerprint fingerprint, Replay replay) {
        this.fingerprint = fingerprint;
        this.replay = replay;
    }

    @GetMapping("/fingerprint")
    Fingerprint.Result fingerprint() {
        return fingerprint.compute();
    }

    /** Answers with the fingerprint before the rebuild; compare it with {@code GET /ops/fingerprint} once caught up. */
    @PostMapping("/rebuild")
    ResponseEntity<Fingerprint.Result> rebuild() {
        Fingerprint.Result before = fingerprint.compute();
        replay.rebuild();
        return ResponseEntity.accepted().body(before);
    }

    @GetMapping("/replay")
    Replay.Progress replay() {
        return replay.progress();
    }

    @ExceptionHandler
    ProblemDetail busy(Replay.GroupBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Consumer group in use");
        problem.setType(URI.create("https://vodflow.dev/problems/group-busy"));
        return problem;
    }
}
