package dev.vodflow.catalog.events;

import dev.vodflow.messaging.Outages;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Asks the database itself whether it is reachable. An exception alone does not always say so: a statement
 * on a connection the server just killed can surface as a rollback failure, and such a record must not be
 * dead-lettered for the outage.
 */
@Component
public class DatabaseProbe {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final Outages outages;

    DatabaseProbe(DataSource dataSource, Outages outages) {
        this.dataSource = dataSource;
        this.outages = outages;
    }

    public boolean isDown() {
        try (Connection connection = dataSource.getConnection()) {
            return !connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return true;
        }
    }

    /** An outage by the failure's own account, or because the database does not answer now. */
    public boolean isOutage(Throwable failure) {
        return outages.matches(failure) || isDown();
    }
}
