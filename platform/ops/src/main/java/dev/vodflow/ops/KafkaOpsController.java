package dev.vodflow.ops;

import dev.vodflow.ops.KafkaGroupTool.DeadLetterTopic;
import dev.vodflow.ops.KafkaGroupTool.DeadRecord;
import dev.vodflow.ops.KafkaGroupTool.GroupBusy;
import dev.vodflow.ops.KafkaGroupTool.KafkaUnavailable;
import dev.vodflow.ops.KafkaGroupTool.NotOurTopic;
import dev.vodflow.ops.KafkaGroupTool.Redrive;
import dev.vodflow.ops.KafkaGroupTool.Replay;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /ops/kafka}: the service's own consumer group, for operators (role {@code admin}). Through the gateway:
 * {@code /api/ops/<service>/kafka/...}.
 */
@RestController
@RequestMapping("/ops/kafka")
class KafkaOpsController {

    static final int MAX_LIMIT = 500;

    private final KafkaGroupTool tool;
    private final Consumers consumers;
    private final Duration leaveTimeout;

    KafkaOpsController(KafkaGroupTool tool, Consumers consumers, Duration leaveTimeout) {
        this.tool = tool;
        this.consumers = consumers;
        this.leaveTimeout = leaveTimeout;
    }

    @GetMapping("/dead-letters")
    DeadLetters deadLetters() {
        return new DeadLetters(tool.group(), tool.deadLetterTopics());
    }

    @GetMapping("/dead-letters/{topic}")
    List<DeadRecord> inspect(@PathVariable String topic, @RequestParam(defaultValue = "20") String limit) {
        return tool.inspect(topic, parseLimit(limit));
    }

    @PostMapping("/dead-letters/{topic}/redrive")
    Redrive redrive(@PathVariable String topic) {
        return tool.redrive(topic);
    }

    /**
     * Replays the group from {@code from} (an ISO-8601 instant) or from the beginning: this instance's consumers stop,
     * the offsets move once the group has no member, and the consumers start again and read from there.
     */
    @PostMapping("/replay")
    Replay replay(@RequestParam(required = false) String from) {
        Optional<Instant> at = parseFrom(from);
        return consumers.whileStopped(() -> {
            awaitGroupEmpty();
            return tool.replay(at);
        });
    }

    private void awaitGroupEmpty() {
        long deadline = System.nanoTime() + leaveTimeout.toNanos();
        while (tool.members() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int parseLimit(String limit) {
        try {
            int parsed = Integer.parseInt(limit);
            if (parsed >= 1 && parsed <= MAX_LIMIT) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new BadParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", was '" + limit + "'");
    }

    private static Optional<Instant> parseFrom(String from) {
        if (from == null || from.isBlank() || from.equals("beginning")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(from));
        } catch (DateTimeParseException e) {
            throw new BadParameter(
                    "from",
                    "must be 'beginning' or an ISO-8601 instant such as 2026-12-01T10:00:00Z, was '" + from + "'");
        }
    }

    @ExceptionHandler(NotOurTopic.class)
    ResponseEntity<ProblemDetail> notOurs(NotOurTopic e) {
        return problem(HttpStatus.NOT_FOUND, "Not a dead-letter topic of this service", e.getMessage(), null);
    }

    @ExceptionHandler(GroupBusy.class)
    ResponseEntity<ProblemDetail> busy(GroupBusy e) {
        return problem(HttpStatus.CONFLICT, "Consumer group in use", e.getMessage(), null);
    }

    @ExceptionHandler(KafkaUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(KafkaUnavailable e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable", e.getMessage(), null);
    }

    @ExceptionHandler(BadParameter.class)
    ResponseEntity<ProblemDetail> bad(BadParameter e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid parameter", e.field + " " + e.getMessage(), e.field);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.status(status).body(problem);
    }

    record DeadLetters(String group, List<DeadLetterTopic> topics) {}

    static final class BadParameter extends RuntimeException {
        final String field;

        BadParameter(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
