package dev.vodflow.notification.egress;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the service calls subscriber endpoints.
 *
 * @param allowHttpHosts hosts that may be called over plain {@code http} and whose addresses are not checked; for
 *     local development and tests only (for example {@code localhost}), empty in production
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param requestTimeout how long to wait for the response once connected (socket read timeout)
 * @param responseExcerpt how much of a response body is kept in the delivery log
 */
@ConfigurationProperties("vodflow.notification.egress")
public record EgressProperties(
        Set<String> allowHttpHosts, Duration connectTimeout, Duration requestTimeout, DataSize responseExcerpt) {

    public EgressProperties {
        allowHttpHosts = allowHttpHosts == null
                ? Set.of()
                : allowHttpHosts.stream().map(EgressProperties::normalizeHost).collect(Collectors.toUnmodifiableSet());
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connect-timeout");
        requestTimeout = positive(requestTimeout, Duration.ofSeconds(15), "request-timeout");
        responseExcerpt = responseExcerpt == null ? DataSize.ofKilobytes(1) : responseExcerpt;
        if (responseExcerpt.toBytes() < 0 || responseExcerpt.toBytes() > 65_536) {
            throw new IllegalArgumentException(
                    "vodflow.notification.egress.response-excerpt must be between 0B and 64KB, was " + responseExcerpt);
        }
    }

    /** Lower case without a trailing dot, so {@code LocalHost.} is not a way around the list. */
    static String normalizeHost(String host) {
        String lower = host.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    boolean allowsHttp(String host) {
        return allowHttpHosts.contains(normalizeHost(host));
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative() || result.isZero()) {
            throw new IllegalArgumentException(
                    "vodflow.notification.egress." + name + " must be positive, was " + value);
        }
        return result;
    }
}
