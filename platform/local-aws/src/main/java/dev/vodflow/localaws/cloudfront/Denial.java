package dev.vodflow.localaws.cloudfront;

/** Why the edge refused a request, with the error code and message CloudFront puts in its 403 body. */
enum Denial {
    MISSING_KEY("MissingKey", "Missing Key-Pair-Id query parameter or cookie value"),
    UNKNOWN_KEY("InvalidKey", "Unknown Key"),
    MALFORMED_POLICY("MalformedPolicy", "Malformed Policy"),
    MISSING_POLICY("MissingKey", "Missing Policy or Expires query parameter or cookie value"),
    MISSING_SIGNATURE("MissingKey", "Missing Signature query parameter or cookie value"),
    INVALID_HASH_ALGORITHM("AccessDenied", "Invalid Hash-Algorithm"),
    BAD_SIGNATURE("AccessDenied", "Access denied"),
    RESOURCE_MISMATCH("AccessDenied", "Access denied"),
    EXPIRED("AccessDenied", "Access denied"),
    NOT_YET_VALID("AccessDenied", "Access denied"),
    SOURCE_IP_MISMATCH("AccessDenied", "Access denied"),
    OUTSIDE_ORIGIN("AccessDenied", "Access denied"),
    METHOD_NOT_ALLOWED(
            "MethodNotAllowed",
            "This distribution is not configured to allow the HTTP request method that was used for this request.");

    private final String code;
    private final String message;

    Denial(String code, String message) {
        this.code = code;
        this.message = message;
    }

    String code() {
        return code;
    }

    /** CloudFront's XML error document. */
    String body() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>";
    }
}
