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
            assertThat(rows.getString(1)).isEqualTo(database);
        }
    }

    @Test
    void refusesADatabaseNameThatWouldNeedQuoting(LocalInfrastructure infra) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> infra.jdbcUrl("catalog; drop database postgres"))
                .withMessageContaining("database name");
    }
}
