package dev.vodflow.catalog.events;

/** A record that is not a well-formed vodflow event; it never will be, so it is dead-lettered. */
public class MalformedEventException extends RuntimeException {

    MalformedEventException(String message) {
        super(message);
    }

    MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
