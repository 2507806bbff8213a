package dev.vodflow.notification;

/** A request the API refuses: names the field and why, and becomes a 400 problem+json. */
public class InvalidField extends RuntimeException {

    private final String field;

    public InvalidField(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
