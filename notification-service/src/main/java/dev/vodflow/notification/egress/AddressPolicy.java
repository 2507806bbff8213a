package dev.vodflow.notification.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which addresses a webhook may reach: only globally routable unicast ones. Everything that lands inside our own
 * network (loopback, private ranges, link-local such as the cloud metadata endpoint 169.254.169.254, IPv6 unique local
 * and link-local, multicast, the unspecified address) is refused, including IPv4 addresses smuggled inside IPv6 forms
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4).
 */
final class AddressPolicy {

    private AddressPolicy() {}

    /** Why {@code address} must not be called, or empty if it may. */
    static Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            Optional<Inet4Address> embedded = embeddedIpv4(v6.getAddress());
            if (embedded.isPresent()) {
                return refusal(embedded.get()).map(reason -> reason + " (inside an IPv6 address)");
            }
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("a 'this network' address");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("a shared (carrier-grade NAT) address");
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return Optional.of("an IETF protocol assignment address");
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("a benchmarking address");
            }
            if (first >= 240) {
                return Optional.of("a reserved or broadcast address");
            }
        } else if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("an IPv6 unique local address");
        }
        return Optional.empty();
    }

    private static Optional<Inet4Address> embeddedIpv4(byte[] v6) {
        byte[] v4 = null;
        if (allZero(v6, 0, 10) && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
            v4 = Arrays.copyOfRange(v6, 12, 16); // ::ffff:a.b.c.d, IPv4-mapped
        } else if (allZero(v6, 0, 12) && !(allZero(v6, 12, 15) && (v6[15] == 0 || v6[15] == 1))) {
            v4 = Arrays.copyOfRange(v6, 12, 16); // ::a.b.c.d, IPv4-compatible (deprecated, still routed by some stacks)
        } else if ((v6[0] & 0xff) == 0x00
                && (v6[1] & 0xff) == 0x64
                && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b) {
            v4 = Arrays.copyOfRange(v6, 12, 16); // 64:ff9b::/96, NAT64
        } else if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            v4 = Arrays.copyOfRange(v6, 2, 6); // 2002::/16, 6to4
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
