package dev.vodflow.notification.egress;

/** A subscriber URL the service will not call; the message says why, in words fit for the subscriber. */
public class EgressRefused extends RuntimeException {

    public EgressRefused(String message) {
        super(message);
    }
}
