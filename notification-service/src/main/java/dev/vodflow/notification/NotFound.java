package dev.vodflow.notification;

/** The caller has no such resource (another owner's is reported the same way, so ids cannot be probed). */
public class NotFound extends RuntimeException {

    public NotFound(String what) {
        super(what + " not found");
    }
}
