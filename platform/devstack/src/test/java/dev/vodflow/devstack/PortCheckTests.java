package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortCheckTests {

    private static final long SELF = ProcessHandle.current().pid();

    /** Holders are found through /proc (Linux); elsewhere the message says a port is taken without naming who. */
    private static void onLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "no /proc/net here: holders are not named");
    }

    @Test
    void aTakenTcpPortIsNamedWithThePartAndTheProcessHoldingIt() throws Exception {
        onLinux();
        // held on the loopback address, as the stack's own servers listen: a bind on every address must still see it
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            assertThatThrownBy(() -> PortCheck.requireFree(Map.of(port, "gateway"), Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("TCP " + port + " (gateway): process " + SELF + " (java")
                    .hasMessageContaining("kill PID is a normal stop");
        }
    }

    @Test
    void aTakenUdpPortIsNamedToo() throws Exception {
        onLinux();
        try (DatagramSocket held = new DatagramSocket(new InetSocketAddress(0))) {
            int port = held.getLocalPort();
            assertThatThrownBy(() -> PortCheck.requireFree(Map.of(), Map.of(port, "SRT ingest")))
                    .hasMessageContaining("UDP " + port + " (SRT ingest): process " + SELF);
        }
    }

    @Test
    void everyTakenPortIsListedAndFreeOnesPass() throws Exception {
        onLinux();
        try (ServerSocket one = new ServerSocket(0);
                ServerSocket two = new ServerSocket(0)) {
            // the free port is found while the other two are held: found before them, the kernel could hand the
            // same port to one of them once it was let go, and the test would then ask about one port twice
            int free;
            try (ServerSocket probe = new ServerSocket(0)) {
                free = probe.getLocalPort();
            }
            int freePort = free;
            assertThatCode(() -> PortCheck.requireFree(Map.of(freePort, "Kafka"), Map.of()))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> PortCheck.requireFree(
                            Map.of(one.getLocalPort(), "S3", two.getLocalPort(), "SQS", freePort, "Kafka"), Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> {
                        // one line per holder, naming each of its ports
                        List<String> lines = e.getMessage()
                                .lines()
                                .filter(line -> line.contains("process " + SELF))
                                .toList();
                        assertThat(lines).hasSize(1);
                        assertThat(lines.get(0))
                                .contains(
                                        "TCP " + one.getLocalPort() + " (S3)", "TCP " + two.getLocalPort() + " (SQS)");
                        assertThat(e.getMessage()).doesNotContain("(Kafka)");
                    });
        }
    }

    @Test
    void theStacksPortsIncludeEveryServiceAndEachSecondInstance() {
        DevStackSettings settings = DevStackSettings.from(Map.of(), name -> null);
        Map<Integer, String> one = DevStack.fixedPorts(settings, 1);
        assertThat(one).containsEntry(8080, "gateway").containsEntry(9092, "Kafka");
        DevStack.SERVICES.forEach(service -> assertThat(one).containsEntry(service.port(), service.name()));
        Map<Integer, String> two = DevStack.fixedPorts(settings, 2);
        DevStack.SERVICES.forEach(service ->
                assertThat(two).containsEntry(service.port() + DevStack.SECOND_INSTANCE_OFFSET, service.name()));
    }
}
