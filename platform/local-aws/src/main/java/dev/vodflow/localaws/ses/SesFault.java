package dev.vodflow.localaws.ses;

/** An error the stand-in can be told to answer the next {@code SendEmail} calls with, as SES would. */
public enum SesFault {
    /** 429: the account's sending rate was exceeded. */
    THROTTLING(429, "TooManyRequestsException", "Maximum sending rate exceeded."),
    /** 500: SES failed internally; the SDK sees a plain service exception with status 500. */
    SERVER_ERROR(500, "InternalFailure", "The request processing has failed because of an unknown error."),
    /** 503: SES is unavailable. */
    UNAVAILABLE(503, "ServiceUnavailable", "Service is unavailable."),
    /** 400: the message was rejected (for example it contains a virus); never worth retrying. */
    MESSAGE_REJECTED(400, "MessageRejected", "Email address is not verified.");

    final int status;
    final String errorType;
    final String message;

    SesFault(int status, String errorType, String message) {
        this.status = status;
        this.errorType = errorType;
        this.message = message;
    }
}
