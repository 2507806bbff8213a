package dev.vodflow.transcode.job;

/** Something outside us failed in a way worth trying again later (network, storage, a busy endpoint). */
class TransientException extends RuntimeException {

    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientException(String message) {
        super(message);
    }
}
