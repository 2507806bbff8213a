package dev.vodflow.notification.egress;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.stereotype.Component;

/**
 * The SSRF guard. {@link #checkUrl} runs when a subscription is registered; {@link #resolve} runs on every connection
 * the delivery client opens (it is the client's {@link DnsResolver}), so the addresses checked are exactly the
 * addresses connected to: a name that resolves to a public address at registration and to 127.0.0.1 later is refused
 * at send time, and there is no second lookup between the check and the connect.
 */
@Component
public class EndpointGuard implements DnsResolver {

    private static final int MAX_URL_LENGTH = 2048;

    private final EgressProperties properties;
    private final HostResolver resolver;

    public EndpointGuard(EgressProperties properties, HostResolver resolver) {
        this.properties = properties;
        this.resolver = resolver;
    }

    /** Parses and checks a subscriber URL; refuses with a reason a subscriber can act on. */
    public URI checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new EgressRefused("must not be blank");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new EgressRefused("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new EgressRefused("is not a valid URL: " + e.getReason());
        }
        String host = uri.getHost();
        if (!uri.isAbsolute() || host == null || host.isBlank()) {
            throw new EgressRefused("must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new EgressRefused("must not carry credentials in the URL");
        }
        if (uri.getRawFragment() != null) {
            throw new EgressRefused("must not have a fragment");
        }
        checkScheme(uri);
        try {
            resolve(host);
        } catch (EgressRefusedAddress e) {
            throw new EgressRefused(e.getMessage());
        } catch (UnknownHostException e) {
            throw new EgressRefused("host '" + host + "' does not resolve");
        }
        return uri;
    }

    /** https always; plain http only to the hosts the allow-list names. */
    void checkScheme(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        if (!scheme.equals("https") && !(scheme.equals("http") && properties.allowsHttp(host))) {
            throw new EgressRefused("must use https");
        }
    }

    /**
     * Resolves {@code host} and refuses it if any of its addresses is internal: one bad address is enough, because a
     * client may try them in any order.
     *
     * @throws EgressRefusedAddress (an {@link UnknownHostException}, so the HTTP client gives up on the connect)
     */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = EgressProperties.normalizeHost(host);
        InetAddress[] addresses = resolver.resolve(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        if (properties.allowHttpHosts().contains(name)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = AddressPolicy.refusal(address);
            if (refusal.isPresent()) {
                throw new EgressRefusedAddress("host '" + host + "' resolves to " + address.getHostAddress() + ", "
                        + refusal.get() + ", which webhooks may not reach");
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        resolve(host);
        return host; // no reverse lookup: the name the subscriber gave is the one TLS must verify
    }

    /** The guard's refusal as the HTTP client's resolver reports it. */
    public static final class EgressRefusedAddress extends UnknownHostException {

        EgressRefusedAddress(String message) {
            super(message);
        }
    }
}
