package dev.vodflow.devstack.gateway;

import java.net.URI;

/**
 * A server the front door forwards to: a service, or the gateway application itself.
 *
 * @param host its host
 * @param port its port
 * @param authority {@code host:port}, the {@code Host} a forwarded request carries
 */
record Upstream(String host, int port, String authority) {

    static Upstream of(URI service) {
        if (!"http".equals(service.getScheme()) || service.getHost() == null) {
            throw new IllegalArgumentException("a service URL must be http://host[:port], not " + service);
        }
        int port = service.getPort() < 0 ? 80 : service.getPort();
        return new Upstream(service.getHost(), port, service.getHost() + ":" + port);
    }
}
