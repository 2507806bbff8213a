package dev.vodflow.devstack;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;

/** For tests that a listener takes connections from this machine only. */
public final class Networks {

    private Networks() {}

    /** This machine's first IPv4 address that is not loopback: where a listener on all interfaces would answer. */
    public static InetAddress externalAddress() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(Networks::upAndNotLoopback)
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("this machine has no non-loopback IPv4 address to try"));
    }

    /** Whether something accepts a TCP connection at {@code address:port}. */
    public static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static boolean upAndNotLoopback(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
