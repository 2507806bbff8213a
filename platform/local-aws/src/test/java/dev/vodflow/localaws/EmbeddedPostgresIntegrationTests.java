package dev.vodflow.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fallback a fresh machine without a PostgreSQL server gets: an embedded server that keeps its data. */
class EmbeddedPostgresIntegrationTests {

    @Test
    void embeddedServerServesAndKeepsDatabasesAcrossRestarts(@TempDir Path data) throws Exception {
        String url;
        try (LocalPostgres postgres = LocalPostgres.embedded(data)) {
            assertThat(postgres.source()).isEqualTo(LocalPostgres.Source.EMBEDDED);
            url = postgres.jdbcUrl("catalog");
            try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
                connection.createStatement().execute("create table kept (id int)");
                connection.createStatement().execute("insert into kept values (42)");
            }
        }
        try (LocalPostgres again = LocalPostgres.embedded(data);
                Connection connection =
                        DriverManager.getConnection(again.jdbcUrl("catalog"), again.user(), again.password());
                ResultSet rows = connection.createStatement().executeQuery("select id from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void anEmbeddedServerStoppedAndStartedInPlaceComesBackOnItsPortWithItsData(@TempDir Path data) throws Exception {
        try (LocalPostgres postgres = LocalPostgres.embedded(data)) {
            String url = postgres.jdbcUrl("playback");
            try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
                connection.createStatement().execute("create table kept (id int)");
                connection.createStatement().execute("insert into kept values (7)");
            }

            postgres.stop();
            assertThatThrownBy(() -> DriverManager.getConnection(url, postgres.user(), postgres.password()))
                    .isInstanceOf(SQLException.class);
            postgres.start();

            try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
                    ResultSet rows = connection.createStatement().executeQuery("select id from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        }
    }
}
