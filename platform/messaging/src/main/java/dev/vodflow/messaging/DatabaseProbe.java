package dev.vodflow.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Asks the database itself whether it is reachable. An exception alone does not always say so (a statement on a
 * connection the server just killed can surface as a rollback failure or a generic error), and a record must not
 * be dead-lettered for an outage.
 */
final class DatabaseProbe implements TransientFailure {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final ObjectProvider<DataSource> dataSources;

    DatabaseProbe(ObjectProvider<DataSource> dataSources) {
        this.dataSources = dataSources;
    }

    @Override
    public boolean matches(Throwable failure) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return !connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }
}
