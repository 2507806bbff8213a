package dev.vodflow.catalog.video;

import dev.vodflow.testsupport.LocalInfrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** A new database with the catalog's migrations applied, for tests of the statements the catalog runs. */
final class MigratedDatabase {

    private MigratedDatabase() {}

    /**
     * One connection throughout: the statements the driver prepares on the server belong to it, so a test can read
     * their plans. Close it with {@link SingleConnectionDataSource#destroy()}.
     */
    static SingleConnectionDataSource open(String database) {
        LocalInfrastructure infra = LocalInfrastructure.get();
        String url = infra.emptyJdbcUrl(database);
        Flyway.configure()
                .dataSource(url, infra.postgresUser(), infra.postgresPassword())
                .load()
                .migrate();
        return new SingleConnectionDataSource(url, infra.postgresUser(), infra.postgresPassword(), true);
    }
}
