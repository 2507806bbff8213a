package dev.vodflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalInfrastructureExtension.class)
class PostgresIntegrationTests {

    @Test
    void eachServiceGetsItsOwnDatabaseCreatedOnFirstUse(LocalInfrastructure infra) throws Exception {
        String database = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = infra.jdbcUrl(database);
        assertThat(infra.jdbcUrl(database)).isEqualTo(url);

        try (Connection connection = DriverManager.getConnection(url, infra.postgresUser(), infra.postgresPassword());
                ResultSet rows = connection.createStatement().executeQuery("select current_database()")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(infra.databaseName(database));
        }
    }

    @Test
    void aDatabaseStartsEmptyInEachTestJvm(LocalInfrastructure infra) throws Exception {
        String database = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String name = infra.databaseName(database);
        // Left behind by an earlier run on the same server (same name: the JVM had the same pid).
        String admin = infra.adminJdbcUrl();
        try (Connection connection =
                DriverManager.getConnection(admin, infra.postgresUser(), infra.postgresPassword())) {
            connection.createStatement().execute("create database " + name);
        }
        try (Connection connection = DriverManager.getConnection(
                admin.replaceFirst("postgres$", name), infra.postgresUser(), infra.postgresPassword())) {
            connection.createStatement().execute("create table leftover (id int)");
        }

        try (Connection connection = DriverManager.getConnection(
                        infra.jdbcUrl(database), infra.postgresUser(), infra.postgresPassword());
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("select count(*) from information_schema.tables where table_name = 'leftover'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void refusesADatabaseNameThatWouldNeedQuoting(LocalInfrastructure infra) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> infra.jdbcUrl("catalog; drop database postgres"))
                .withMessageContaining("database name");
    }
}
