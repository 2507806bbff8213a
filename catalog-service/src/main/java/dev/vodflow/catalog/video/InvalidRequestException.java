package dev.vodflow.catalog.video;

import java.util.List;
import java.util.stream.Collectors;

/** A request the API refuses, with every field that is wrong and why. */
class InvalidRequestException extends RuntimeException {

    private final List<FieldError> errors;

    InvalidRequestException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(List.of(new FieldError(field, message)));
    }

    /**
     * Why a text field is refused when it holds the NUL character: PostgreSQL stores no such text, and a statement
     * given one fails (as would every request read with it in one statement).
     */
    static final String NUL = "must not contain the NUL character (U+0000)";

    static boolean hasNul(String text) {
        return text.indexOf('\0') >= 0;
    }

    List<FieldError> errors() {
        return errors;
    }

    record FieldError(String field, String message) {}
}
