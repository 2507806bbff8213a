package dev.vodflow.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ports picked for the stand-ins are probed and released before they are bound, so the operating system may give the
 * same free port to two probes in a row. Over a thousand probes that happens many times over (about 28,000 ephemeral
 * ports: a birthday problem), so before {@link LocalAws#freePort} remembered what it handed out this test failed
 * every time, as Kafka once did when its two listeners were given one port.
 */
class FreePortTests {

    @Test
    void neverHandsOutTheSamePortTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int port = LocalAws.freePort(0);
            assertThat(ports.add(port))
                    .as("port %d handed out twice, on probe %d", port, i + 1)
                    .isTrue();
            assertThat(port).isPositive();
        }
    }

    @Test
    void aRequestedPortIsTakenAsItIs() {
        assertThat(LocalAws.freePort(9092)).isEqualTo(9092);
        assertThat(LocalAws.freePort(9092)).isEqualTo(9092);
    }
}
