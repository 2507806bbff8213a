package dev.vodflow.notification.egress;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Posts webhook requests. Apache HttpClient 5 rather than the JDK client because its connection manager takes a
 * {@link org.apache.hc.client5.http.DnsResolver}: the guard resolves, checks and hands back the addresses the socket
 * connects to, while the URL keeps its host name, so TLS SNI and certificate checks still use the name. The JDK client
 * offers no such hook (pinning there means connecting to the IP and faking Host and SNI). Redirects are never
 * followed, the client does not retry on its own (the delivery schedule does), and it keeps no cookies.
 *
 * <p>No observation here (no {@code ObservationExecChainHandler}, no {@code http.client.requests} timer): the caller
 * makes the one client span of a delivery attempt and puts its {@code traceparent} in {@code headers}, and the
 * delivery's own meters ({@code vodflow.webhook.*}) are what dashboards and alerts read. An observation per request
 * cost the workers a timer, a second span and its context handling on every attempt.
 */
@Component
public class EgressClient implements DisposableBean {

    private final CloseableHttpClient http;
    private final EndpointGuard guard;
    private final int excerptBytes;
    private final long deadlineMillis;
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "webhook-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    public EgressClient(EndpointGuard guard, EgressProperties properties) {
        this.guard = guard;
        // Nearly every deadline is cancelled when its request ends: take it out of the queue then, rather than keep
        // every request's deadline (thousands a second under a fan-out) queued until the request timeout passes.
        deadlines.setRemoveOnCancelPolicy(true);
        this.excerptBytes = (int) properties.responseExcerpt().toBytes();
        this.deadlineMillis = properties.requestTimeout().toMillis();
        Timeout connect = Timeout.ofMilliseconds(properties.connectTimeout().toMillis());
        Timeout read = Timeout.ofMilliseconds(properties.requestTimeout().toMillis());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(guard)
                        .setMaxConnTotal(200)
                        // many endpoints may share one host (a receiving service): per-endpoint concurrency is the
                        // delivery's limit, not the route's
                        .setMaxConnPerRoute(200)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(read)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(read)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("vodflow-webhooks/1")
                .build();
    }

    /**
     * Posts {@code body} as JSON. Re-checks the URL first (the allow-list or the scheme rules may have changed since
     * registration); the address check itself happens on connect.
     *
     * @throws EgressRefused when the URL or any address of its host is not allowed
     * @throws IOException when the endpoint cannot be reached or does not answer in time
     */
    public Response post(URI url, Map<String, String> headers, String body) throws IOException {
        guard.checkScheme(url);
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        // The socket timeout bounds each read; this bounds the whole exchange, so an endpoint that trickles bytes
        // cannot hold a worker for longer than the request timeout.
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, deadlineMillis, TimeUnit.MILLISECONDS);
        try {
            return http.execute(post, response -> new Response(response.getCode(), excerpt(response.getEntity())));
        } catch (EndpointGuard.EgressRefusedAddress e) {
            throw new EgressRefused(e.getMessage());
        } catch (IOException e) {
            if (post.isCancelled()) {
                throw new SocketTimeoutException("no complete response within " + deadlineMillis + " ms");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private String excerpt(HttpEntity entity) throws IOException {
        if (entity == null || excerptBytes == 0) {
            return "";
        }
        // Read no more than we keep: a hostile endpoint must not make us buffer a large body.
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(excerptBytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }

    /** The endpoint's answer: its status code and the start of its body. */
    public record Response(int status, String bodyExcerpt) {}
}
