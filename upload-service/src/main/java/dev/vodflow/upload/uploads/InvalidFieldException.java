package dev.vodflow.upload.uploads;

/** A request field breaks a rule that depends on settings or on S3, reported with the field's name. */
class InvalidFieldException extends RuntimeException {

    private final String field;

    InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
