package dev.vodflow.localaws.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoopbackRelayTests {

    @Test
    void aClientThatEndsItsRequestStillGetsTheWholeAnswer() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                LoopbackRelay relay = LoopbackRelay.start(0, upstream.getLocalPort())) {
            Thread server = new Thread(() -> answerInUpperCase(upstream));
            server.start();

            try (Socket client = new Socket(InetAddress.getLocalHost(), relay.port())) {
                client.getOutputStream().write("hello, stand-in".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(answer).isEqualTo("HELLO, STAND-IN");
            }
            server.join(10_000);
        }
    }

    @Test
    void aConnectionWithNothingBehindIsClosed() throws Exception {
        // bound but not listening, and held: connections to it are refused, and the relay's own port cannot be it
        // (a probe closed first could hand its port to the relay, which would then relay to itself)
        try (Socket closed = new Socket()) {
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int closedPort = closed.getLocalPort();
            try (LoopbackRelay relay = LoopbackRelay.start(0, closedPort);
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                assertThat(relay.port()).isNotEqualTo(closedPort);
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    /** Reads the whole request, then writes it back in upper case: the answer comes after the client's half-close. */
    private static void answerInUpperCase(ServerSocket upstream) {
        try (Socket connection = upstream.accept()) {
            InputStream in = connection.getInputStream();
            String request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            OutputStream out = connection.getOutputStream();
            out.write(request.toUpperCase().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
