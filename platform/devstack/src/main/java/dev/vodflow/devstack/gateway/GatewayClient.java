package dev.vodflow.devstack.gateway;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The client the routes forward with (the gateway takes the context's {@link ClientHttpRequestFactory}). Without it
 * the gateway used the JDK's HttpClient, whose asynchronous exchange hands every request to a worker thread and a
 * selector thread: measured with wrk and per-thread CPU times, the proxied GET of a video cost the gateway more CPU
 * than the catalog spent answering it. Apache's classic client does the exchange on the request's own thread.
 *
 * <p>A proxy passes bodies and statuses through as they are: no redirects followed, no retries, no decompression, no
 * cookies kept. The pool is large because some exchanges are long: each open event stream ({@code /api/events}) holds
 * a connection for as long as its page is open.
 */
@Configuration(proxyBeanMethods = false)
class GatewayClient {

    @Bean(destroyMethod = "close")
    CloseableHttpClient gatewayHttpClient() {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(500)
                        .setMaxConnTotal(2000)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .build();
    }

    @Bean
    ClientHttpRequestFactory gatewayRequestFactory(CloseableHttpClient gatewayHttpClient) {
        return new HttpComponentsClientHttpRequestFactory(gatewayHttpClient);
    }
}
