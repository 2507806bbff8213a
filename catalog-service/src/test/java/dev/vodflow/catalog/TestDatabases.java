package dev.vodflow.catalog;

import dev.vodflow.testsupport.LocalInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Empty databases for tests. The PostgreSQL server may outlive the test JVM (the machine's own), while
 * Kafka is new every run: the catalog's database must start empty too, or it would hold projections of
 * events the new broker never had.
 */
final class TestDatabases {

    private TestDatabases() {}

    /** The JDBC URL of {@code database}, dropped first if it exists. */
    static String fresh(String database) {
        return LocalInfrastructure.get().emptyJdbcUrl(database);
    }

    /** Runs a statement as the server's admin user, connected to the {@code postgres} database. */
    static void admin(String sql) {
        LocalInfrastructure infra = LocalInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(
                        infra.adminJdbcUrl(), infra.postgresUser(), infra.postgresPassword());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + sql, e);
        }
    }
}
