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

    List<FieldError> errors() {
        return errors;
    }

    record FieldError(String field, String message) {}
}
