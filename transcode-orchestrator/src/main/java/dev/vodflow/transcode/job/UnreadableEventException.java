package dev.vodflow.transcode.job;

/** A record on video.uploaded that is not a video.uploaded event we can read; it goes to the dead-letter topic. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
