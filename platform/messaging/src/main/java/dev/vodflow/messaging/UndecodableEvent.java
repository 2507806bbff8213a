package dev.vodflow.messaging;

/**
 * A record that is not the vodflow event its topic carries, and never will be: it goes to the dead-letter topic at
 * once, with this message (topic, partition, offset and the check that failed) as the cause.
 */
public class UndecodableEvent extends UnprocessableEvent {

    private final String check;

    UndecodableEvent(RecordPosition position, String check, String detail, Throwable cause) {
        super("undecodable record " + position + ": " + check + " check failed: " + detail, cause);
        this.check = check;
    }

    /** Which check refused the record, for example {@code ce_source} or {@code key}. */
    public String check() {
        return check;
    }
}
