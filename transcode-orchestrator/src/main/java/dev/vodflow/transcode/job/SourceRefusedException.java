package dev.vodflow.transcode.job;

/**
 * The source cannot be transcoded, whatever we try: not media, empty, too long, gone. Carries a code and a
 * message for the person who uploaded it.
 */
class SourceRefusedException extends RuntimeException {

    private final String code;

    public SourceRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
