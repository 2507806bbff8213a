package dev.vodflow.localaws.medialive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP port: one thread per connection, each with a read timeout, so a silent or slow client holds only its
 * own thread and garbage is dropped without touching any channel.
 */
final class RtmpIngest {

    private static final Logger log = LoggerFactory.getLogger(RtmpIngest.class);

    private final ServerSocket server;
    private final ExecutorService connections;
    private final Thread acceptor;

    private RtmpIngest(ServerSocket server, RtmpConnection.Publishers publishers, Duration readTimeout) {
        this.server = server;
        AtomicInteger count = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "rtmp-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(() -> accept(publishers, readTimeout), "rtmp-accept");
        this.acceptor.setDaemon(true);
    }

    static RtmpIngest start(int port, RtmpConnection.Publishers publishers, Duration readTimeout) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            // all interfaces: encoders (OBS on another machine of the LAN) push from elsewhere
            server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port), 16);
            RtmpIngest ingest = new RtmpIngest(server, publishers, readTimeout);
            ingest.acceptor.start();
            return ingest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for RTMP on port " + port, e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept(RtmpConnection.Publishers publishers, Duration readTimeout) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setSoTimeout((int) readTimeout.toMillis());
                socket.setTcpNoDelay(true);
                connections.execute(new RtmpConnection(socket, publishers));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                log.warn("accepting an RTMP connection failed: {}", e.toString());
            }
        }
    }

    void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        connections.shutdownNow();
    }
}
