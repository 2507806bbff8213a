package dev.vodflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.messaging.MessagingException;
import org.springframework.transaction.CannotCreateTransactionException;

class OutagesTests {

    private final Outages outages = new Outages();

    @Test
    void anUnreachableDatabaseAnywhereInTheChainIsAnOutage() {
        assertThat(outages.matches(new MessagingException(
                        "handler failed", new CannotGetJdbcConnectionException("no connection"))))
                .isTrue();
        assertThat(outages.matches(new CannotCreateTransactionException("begin failed")))
                .isTrue();
        assertThat(outages.matches(new RuntimeException(new SQLException("terminating connection", "57P01"))))
                .isTrue();
        assertThat(outages.matches(new RuntimeException(new SQLException("connection refused", "08001"))))
                .isTrue();
    }

    @Test
    void aBrokerThatDoesNotAnswerIsAnOutage() {
        assertThat(outages.matches(new RuntimeException(new TimeoutException("no ack"))))
                .isTrue();
    }

    @Test
    void aBadRecordIsNot() {
        assertThat(outages.matches(new IllegalArgumentException("bad"))).isFalse();
        assertThat(outages.matches(new DataIntegrityViolationException("duplicate")))
                .isFalse();
        assertThat(outages.matches(new RuntimeException(new SQLException("syntax", "42601"))))
                .isFalse();
        assertThat(outages.matches(new UndecodableEvent(new RecordPosition("t", 0, 1L), "key", "x", null)))
                .isFalse();
    }
}
