package dev.vodflow.notification.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The production rules with the production defaults; only name resolution is scripted for made-up names. */
class EndpointGuardTests {

    static final Map<String, String> DNS = Map.of(
            "internal.example.test", "10.0.0.1",
            "metadata.example.test", "169.254.169.254",
            "loopback6.example.test", "::1",
            "mapped.example.test", "::ffff:127.0.0.1",
            "ula.example.test", "fd12:3456::1",
            "public.example.test", "93.184.216.34");

    static HostResolver scripted() {
        return host -> {
            String address = DNS.get(host);
            return address != null
                    ? new InetAddress[] {InetAddress.getByName(address)}
                    : HostResolver.system().resolve(host);
        };
    }

    final EndpointGuard guard = new EndpointGuard(defaults(), scripted());

    static EgressProperties defaults() {
        return new EgressProperties(null, null, null, null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/hook",
                "https://10.0.0.1/hook",
                "https://169.254.169.254/latest/meta-data/",
                "https://[::1]/hook",
                "https://[::ffff:10.0.0.1]/hook",
                "https://[fd00::1]/hook",
                "https://[fe80::1]/hook",
                "https://0.0.0.0/hook",
                "https://192.168.1.10/hook",
                "https://172.16.5.4/hook",
                "https://100.64.0.1/hook",
                "https://224.0.0.1/hook",
                "https://[64:ff9b::a00:1]/hook",
                "https://localhost/hook",
                "https://LocalHost./hook",
                "https://internal.example.test/hook",
                "https://metadata.example.test/hook",
                "https://loopback6.example.test/hook",
                "https://mapped.example.test/hook",
                "https://ula.example.test/hook"
            })
    void refusesInternalAddressesAndNamesResolvingToThem(String url) {
        assertThatThrownBy(() -> guard.checkUrl(url))
                .isInstanceOf(EgressRefused.class)
                .hasMessageContaining("which webhooks may not reach");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://public.example.test/hook",
                "http://localhost/hook",
                "ftp://public.example.test/hook",
                "https://user:pass@public.example.test/hook",
                "/relative/hook",
                "https://public.example.test/hook#fragment"
            })
    void refusesUrlsThatAreNotPlainHttps(String url) {
        assertThatThrownBy(() -> guard.checkUrl(url)).isInstanceOf(EgressRefused.class);
    }

    @Test
    void acceptsHttpsToAPublicAddress() {
        assertThat(guard.checkUrl("https://public.example.test/hook").getHost()).isEqualTo("public.example.test");
    }

    @Test
    void theResolverTheClientConnectsThroughRefusesToo() {
        assertThatThrownBy(() -> guard.resolve("metadata.example.test"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("169.254.169.254");
    }

    @Test
    void onlyTheExplicitAllowListOpensPlainHttpAndLocalAddresses() {
        EndpointGuard local =
                new EndpointGuard(new EgressProperties(Set.of("localhost"), null, null, null), scripted());

        assertThat(local.checkUrl("http://localhost:8080/hook").getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> local.checkUrl("http://127.0.0.1:8080/hook")).isInstanceOf(EgressRefused.class);
        assertThatThrownBy(() -> local.checkUrl("https://internal.example.test/hook"))
                .isInstanceOf(EgressRefused.class);
    }
}
