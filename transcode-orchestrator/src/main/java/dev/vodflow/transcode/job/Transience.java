package dev.vodflow.transcode.job;

import dev.vodflow.messaging.EventNotPublished;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.mediaconvert.model.TooManyRequestsException;

/**
 * Which failures are worth trying again: throttling, 5xx, connection errors, an open breaker, a database that is
 * away. Never a 4xx: the same request would be refused again.
 */
final class Transience {

    private Transience() {}

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientException
                    || t instanceof EventNotPublished
                    || t instanceof CallNotPermittedException
                    || t instanceof TooManyRequestsException
                    || t instanceof TransientDataAccessException
                    || t instanceof CannotGetJdbcConnectionException
                    || t instanceof IOException) {
                return true;
            }
            if (t instanceof SdkServiceException service) {
                return service.statusCode() == 429 || service.statusCode() >= 500 || service.isThrottlingException();
            }
            if (t instanceof SdkClientException) {
                // Raised before any answer arrived: connection refused or reset, timeouts.
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** What the CreateJob retry may retry: transient failures, except an open breaker, which waits for itself. */
    public static boolean isRetryableCall(Throwable failure) {
        return !(failure instanceof CallNotPermittedException) && isTransient(failure);
    }
}
