package dev.vodflow.catalog.video;

import dev.vodflow.messaging.EventNotPublished;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as {@code application/problem+json}. Framework errors (malformed JSON, wrong method, wrong media
 * type) come from the base class in the same format.
 */
@RestControllerAdvice(assignableTypes = VideoController.class)
class VideoProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(VideoProblems.class);

    @ExceptionHandler
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(), "invalid-request");
        List<Map<String, String>> errors = e.errors().stream()
                .map(error -> Map.of("field", error.field(), "message", error.message()))
                .toList();
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(VideoNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Video not found", e.getMessage(), "video-not-found");
    }

    @ExceptionHandler
    ProblemDetail notOwner(NotOwnerException e) {
        return problem(HttpStatus.FORBIDDEN, "Not your video", e.getMessage(), "not-owner");
    }

    @ExceptionHandler
    ProblemDetail unpublished(EventNotPublished e) {
        log.warn("{}", e.getMessage(), e);
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Try again later",
                "The change could not be published and was not made.",
                "publish-failed");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, String type) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://vodflow.dev/problems/" + type));
        return problem;
    }
}
