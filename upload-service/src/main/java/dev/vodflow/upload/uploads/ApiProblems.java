package dev.vodflow.upload.uploads;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every refusal as {@code application/problem+json}; a 400 carries {@code errors}, a list of
 * {@code {field, message}} naming each offending field and why.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail notFound(UploadNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Upload not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(UploadConflictException e) {
        return problem(HttpStatus.CONFLICT, "Upload is not in a state that allows this", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidField(InvalidFieldException e) {
        return invalid(List.of(new FieldProblem(e.field(), e.getMessage())));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        if (problems.isEmpty()) {
            problems = e.getBindingResult().getGlobalErrors().stream()
                    .map(error -> new FieldProblem(error.getObjectName(), error.getDefaultMessage()))
                    .toList();
        }
        return ResponseEntity.badRequest().body(invalid(problems));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(
                                fieldOf(result.getMethodParameter().getParameterName(), error),
                                error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalid(problems));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldProblem problem;
        if (e.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
            String field = json.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            problem = new FieldProblem(field, "has the wrong type or format: " + json.getOriginalMessage());
        } else {
            problem = new FieldProblem("body", "is missing or not valid JSON");
        }
        return ResponseEntity.badRequest().body(invalid(List.of(problem)));
    }

    private static String fieldOf(@Nullable String parameter, MessageSourceResolvable error) {
        if (error instanceof FieldError fieldError) {
            return fieldError.getField();
        }
        return parameter == null ? "request" : parameter;
    }

    private static ProblemDetail invalid(List<FieldProblem> problems) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "Invalid request",
                problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        problem.setProperty(
                "errors",
                problems.stream()
                        .map(p -> Map.of("field", p.field(), "message", p.message()))
                        .toList());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    record FieldProblem(String field, String message) {}
}
