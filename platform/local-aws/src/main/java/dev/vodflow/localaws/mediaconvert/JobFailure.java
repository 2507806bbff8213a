package dev.vodflow.localaws.mediaconvert;

/** A job that ends in ERROR, with a MediaConvert-style error code. */
final class JobFailure extends Exception {

    /** MediaConvert 1010: the input file could not be opened or is not a media file. */
    static final int INPUT_UNREADABLE = 1010;
    /** MediaConvert 1030-family: the input lacks what the outputs need. */
    static final int INPUT_UNUSABLE = 1030;
    /** MediaConvert 1040-family: transcoding failed. */
    static final int TRANSCODE_FAILED = 1040;
    /** MediaConvert 1999: an unexpected internal error. */
    static final int INTERNAL = 1999;
    /** MediaConvert 3400-family: an output could not be written. */
    static final int OUTPUT_WRITE_FAILED = 3400;

    private final int code;

    JobFailure(int code, String message) {
        super(message);
        this.code = code;
    }

    JobFailure(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    int code() {
        return code;
    }
}
