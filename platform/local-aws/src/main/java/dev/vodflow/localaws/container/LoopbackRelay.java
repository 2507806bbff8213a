package dev.vodflow.localaws.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on every interface and pipes each to a port on loopback. The stand-ins listen on
 * loopback only, on purpose: on a developer's machine they must not be reachable from the network. In a
 * container the container network is that boundary, and the other containers must reach them.
 */
final class LoopbackRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoopbackRelay.class);

    private final ServerSocket server;
    private final int target;

    private LoopbackRelay(ServerSocket server, int target) {
        this.server = server;
        this.target = target;
    }

    /** Listens on {@code port} of every interface now; connections go to {@code target} on loopback. */
    static LoopbackRelay start(int port, int target) {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        LoopbackRelay relay = new LoopbackRelay(server, target);
        Thread acceptor = new Thread(relay::acceptLoop, "relay-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pipe(client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("relay on port {} could not accept a connection", server.getLocalPort(), e);
                }
            }
        }
    }

    private void pipe(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        } catch (IOException e) {
            log.warn("relay: nothing answers on loopback port {}", target, e);
            closeQuietly(client);
            return;
        }
        AtomicInteger directionsOpen = new AtomicInteger(2);
        copy(client, upstream, directionsOpen, "relay-in-" + target);
        copy(upstream, client, directionsOpen, "relay-out-" + target);
    }

    /**
     * Copies until {@code from} ends, then half-closes {@code to}, so a client that sends its request and
     * shuts its output still gets the whole answer; the pair is closed once both directions ended.
     */
    private static void copy(Socket from, Socket to, AtomicInteger directionsOpen, String name) {
        Thread copier = new Thread(
                () -> {
                    try {
                        // not try-with-resources: closing a socket's stream closes the socket, and the
                        // other direction may still be sending
                        InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream();
                        in.transferTo(out);
                        out.flush();
                        to.shutdownOutput();
                    } catch (IOException e) {
                        // a reset by either end ends both directions
                        directionsOpen.set(1);
                    } finally {
                        if (directionsOpen.decrementAndGet() <= 0) {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                    }
                },
                name);
        copier.setDaemon(true);
        copier.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("relay on port {} did not close", server.getLocalPort(), e);
        }
    }
}
