package dev.vodflow.upload.uploads;

/** The request is well-formed but the upload's state does not allow it (completed, expired, aborted...). */
class UploadConflictException extends RuntimeException {

    UploadConflictException(String message) {
        super(message);
    }
}
