package dev.vodflow.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP link between a service under test and its database that the test can cut and restore: a database outage
 * for one service without stopping the PostgreSQL server other tests (and other builds) share. While cut, open
 * connections are closed and new ones are accepted and closed at once, as a database that is down or restarting
 * looks to a client.
 */
public final class DatabaseLink implements AutoCloseable {

    private static final Pattern HOST_PORT = Pattern.compile("^(jdbc:postgresql://)([^/:]+):(\\d+)(/.*)$");

    private final String jdbcUrl;
    private final String host;
    private final int port;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private DatabaseLink(String jdbcUrl) {
        Matcher url = HOST_PORT.matcher(jdbcUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host:port/... URL: " + jdbcUrl);
        }
        this.host = url.group(2);
        this.port = Integer.parseInt(url.group(3));
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the database link", e);
        }
        this.jdbcUrl = url.group(1) + "127.0.0.1:" + server.getLocalPort() + url.group(4);
        Thread acceptor = new Thread(this::accept, "database-link-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A link to the database of {@code jdbcUrl}; give the service {@link #jdbcUrl()} instead. */
    public static DatabaseLink to(String jdbcUrl) {
        return new DatabaseLink(jdbcUrl);
    }

    /** The URL that reaches the database through this link. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database is unreachable from now on: open connections drop, new ones are refused. */
    public void cut() {
        cut = true;
        open.forEach(DatabaseLink::closeQuietly);
        open.clear();
    }

    /** The database is reachable again. */
    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket database = new Socket(host, port);
                open.add(client);
                open.add(database);
                pump(client, database);
                pump(database, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the link was cut or one side hung up
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "database-link-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
