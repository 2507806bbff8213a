package dev.vodflow.catalog.video;

/** An event that contradicts what the catalog already knows; retrying cannot help, it is dead-lettered. */
public class InconsistentEventException extends RuntimeException {

    InconsistentEventException(String message) {
        super(message);
    }
}
