package dev.vodflow.upload.uploads;

/** Where an upload stands. Only {@code AWAITING_UPLOAD} moves on; the others are final. */
enum UploadState {
    /** URLs were handed out (or the object arrived and is being checked); the source is not complete yet. */
    AWAITING_UPLOAD,
    /** The source is complete, passed the media check, and {@code video.uploaded} was published. */
    UPLOADED,
    /** The source is complete but is no media file (or breaks a limit); the reason says why. */
    REJECTED,
    /** The source was not completed in time; its multipart upload was aborted. */
    EXPIRED,
    /** The owner gave up on the upload. */
    ABORTED
}
