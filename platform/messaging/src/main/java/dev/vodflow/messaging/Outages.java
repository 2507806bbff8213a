package dev.vodflow.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The failures every consumer waits out: the database down or out of connections (including
 * {@code CannotGetJdbcConnectionException}, a {@link DataAccessResourceFailureException}), the broker not
 * acknowledging, a circuit breaker open. Any cause in the chain counts.
 */
public final class Outages implements TransientFailure {

    /** Named, not imported: not every service has Resilience4j on its class path. */
    private static final Set<String> OUTAGE_CLASS_NAMES =
            Set.of("io.github.resilience4j.circuitbreaker.CallNotPermittedException");

    @Override
    public boolean matches(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof RetriableException
                    || t instanceof EventNotPublished
                    || OUTAGE_CLASS_NAMES.contains(t.getClass().getName())) {
                return true;
            }
            if (t instanceof SQLException sql && isOutageState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes of an unavailable server: 08 connection exception, 53 insufficient resources, 57P0x operator
     * intervention (shutdown, crash, cannot connect now).
     */
    private static boolean isOutageState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P0"));
    }
}
