package dev.vodflow.localaws;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server for the services, one database each: the server given by URL, else one listening on
 * 127.0.0.1:5432 that lets user {@code postgres} in, else an embedded server (zonky) kept in a data directory.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** Where the server came from, for logs and for the dev stack's endpoints file. */
    public enum Source {
        URL,
        LOCALHOST,
        EMBEDDED
    }

    private final String serverUrl;
    private final String user;
    private final String password;
    private final Source source;
    private final Path dataDirectory;
    private EmbeddedPostgres embedded;

    private LocalPostgres(
            String serverUrl,
            String user,
            String password,
            Source source,
            Path dataDirectory,
            EmbeddedPostgres embedded) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.source = source;
        this.dataDirectory = dataDirectory;
        this.embedded = embedded;
    }

    /**
     * @param url a JDBC URL of a server ({@code jdbc:postgresql://host:port/}), or {@code null}
     * @param dataDirectory where an embedded server keeps its data, when one is needed
     */
    public static LocalPostgres start(String url, String user, String password, Path dataDirectory) {
        if (url != null && !url.isBlank()) {
            LocalPostgres given = new LocalPostgres(serverUrl(url), user, password, Source.URL, null, null);
            given.checkConnects();
            return given;
        }
        Optional<LocalPostgres> local = onLocalhost();
        if (local.isPresent()) {
            return local.get();
        }
        return embedded(dataDirectory);
    }

    private static Optional<LocalPostgres> onLocalhost() {
        String url = "jdbc:postgresql://127.0.0.1:5432/";
        try (Connection ignored = DriverManager.getConnection(url + "postgres?connectTimeout=2", "postgres", "")) {
            log.info("Using the PostgreSQL server on 127.0.0.1:5432");
            return Optional.of(new LocalPostgres(url, "postgres", "", Source.LOCALHOST, null, null));
        } catch (SQLException e) {
            log.info("No usable PostgreSQL on 127.0.0.1:5432 ({}); starting an embedded one", e.getMessage());
            return Optional.empty();
        }
    }

    /** An embedded server (zonky) in {@code dataDirectory}, whatever else this machine runs. */
    public static LocalPostgres embedded(Path dataDirectory) {
        EmbeddedPostgres server = startEmbedded(dataDirectory, LocalAws.freePort(0));
        String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/";
        return new LocalPostgres(url, "postgres", "", Source.EMBEDDED, dataDirectory, server);
    }

    private static EmbeddedPostgres startEmbedded(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDirectory, e);
        }
    }

    /**
     * Stops an embedded server (a database outage, for fault tests; a server this class did not start is never
     * stopped: other programs use it); {@link #start()} brings it back on the same port with the same data.
     */
    public synchronized void stop() {
        requireEmbedded();
        if (embedded != null) {
            closeEmbedded();
        }
    }

    /** Starts an embedded server again after {@link #stop()}. */
    public synchronized void start() {
        requireEmbedded();
        if (embedded != null) {
            throw new IllegalStateException("the embedded PostgreSQL at " + serverUrl + " is running");
        }
        embedded = startEmbedded(
                dataDirectory, URI.create(serverUrl.substring("jdbc:".length())).getPort());
    }

    private void requireEmbedded() {
        if (source != Source.EMBEDDED) {
            throw new IllegalStateException("only an embedded PostgreSQL is stopped and started here, this one is "
                    + source + " at " + serverUrl);
        }
    }

    private void closeEmbedded() {
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
        } finally {
            embedded = null;
        }
    }

    private static String serverUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(
                    "PostgreSQL URL must look like jdbc:postgresql://host:port/, was " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        return "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + "/";
    }

    private void checkConnects() {
        try (Connection ignored = connect("postgres")) {
            log.info("Using the PostgreSQL server at {}", serverUrl);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + serverUrl + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of {@code database}, created on this server if it does not exist yet. */
    public String jdbcUrl(String database) {
        checkName(database);
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("create database " + database);
                    } catch (SQLException e) {
                        // Another JVM may have created it between the check and now: "duplicate database".
                        if (!"42P04".equals(e.getSQLState())) {
                            throw e;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " at " + serverUrl, e);
        }
        return serverUrl + database;
    }

    /** Drops {@code database} if it exists, closing any connections to it. */
    public void dropDatabase(String database) {
        checkName(database);
        try (Connection connection = connect("postgres");
                Statement drop = connection.createStatement()) {
            drop.execute("drop database if exists " + database + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + database + " at " + serverUrl, e);
        }
    }

    private static void checkName(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException(
                    "database name must be lower-case letters, digits and _, starting with a letter: " + database);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(serverUrl + database, user, password);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Source source() {
        return source;
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            closeEmbedded();
        }
    }
}
