package dev.vodflow.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class TransientFailuresTests {

    @Test
    void unreachableDatabaseIsAnOutageEvenWhenWrapped() {
        var noConnection = new CannotCreateTransactionException(
                "Could not open JDBC Connection", new SQLTransientConnectionException("pool timed out"));

        assertThat(TransientFailures.isOutage(new ListenerExecutionFailedException("listener failed", noConnection)))
                .isTrue();
        assertThat(TransientFailures.isOutage(new CannotGetJdbcConnectionException("down")))
                .isTrue();
        assertThat(TransientFailures.isOutage(new SQLException("terminating connection", "57P01")))
                .isTrue();
    }

    @Test
    void badRecordIsNotAnOutage() {
        assertThat(TransientFailures.isOutage(new MalformedEventException("ce_type missing")))
                .isFalse();
        assertThat(TransientFailures.isOutage(new DataIntegrityViolationException("value too long")))
                .isFalse();
        assertThat(TransientFailures.isOutage(new SQLException("syntax", "42601")))
                .isFalse();
    }
}
