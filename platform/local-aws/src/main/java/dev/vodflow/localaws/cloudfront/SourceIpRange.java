package dev.vodflow.localaws.cloudfront;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** The {@code AWS:SourceIp} condition: an IPv4 or IPv6 range in CIDR notation, such as {@code 192.0.2.0/24}. */
record SourceIpRange(byte[] network, int prefixLength) {

    // Literal addresses only, so parsing never triggers a DNS lookup.
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    static SourceIpRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("AWS:SourceIp must be in CIDR notation: " + cidr);
        }
        String address = cidr.substring(0, slash);
        if (!LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("AWS:SourceIp is not an IP address: " + cidr);
        }
        byte[] network;
        int prefix;
        try {
            network = InetAddress.getByName(address).getAddress();
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("AWS:SourceIp is not a CIDR range: " + cidr, e);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("AWS:SourceIp prefix length out of range: " + cidr);
        }
        return new SourceIpRange(network, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int remaining = prefixLength;
        for (int i = 0; i < network.length && remaining > 0; i++, remaining -= 8) {
            int mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
            if ((candidate[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
