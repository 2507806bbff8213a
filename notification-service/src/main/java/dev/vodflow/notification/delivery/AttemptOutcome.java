package dev.vodflow.notification.delivery;

/** How one attempt ended, as the delivery log shows it. */
enum AttemptOutcome {
    /** 2xx. */
    SUCCEEDED,
    /** Any other status (3xx included: redirects are not followed), a timeout or a connection error. */
    FAILED,
    /** 410 Gone: the receiver asked us to stop; the endpoint is disabled. */
    GONE,
    /** The SSRF guard refused the URL or the address its host resolved to. */
    REFUSED;

    static AttemptOutcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return SUCCEEDED;
        }
        return status == 410 ? GONE : FAILED;
    }
}
