package dev.vodflow.localaws.cloudfront;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local CloudFront distribution: serves the output bucket on {@code http://localhost:{port}/output/...} to
 * holders of a valid signed cookie or signed URL. Start it, hand {@link #endpoint()} to playback-service as its CDN
 * base URL, close it when done.
 */
public final class CloudFrontEdge implements AutoCloseable {

    private final CloudFrontEdgeConfig config;
    private HttpServer server;
    private ExecutorService executor;
    private S3Client s3;

    public CloudFrontEdge(CloudFrontEdgeConfig config) {
        this.config = config;
    }

    /** Starts listening on the loopback interface; returns this edge. */
    public synchronized CloudFrontEdge start() {
        if (server != null) {
            return this;
        }
        s3 = S3Client.builder()
                .endpointOverride(config.s3Endpoint())
                .region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())))
                .forcePathStyle(true)
                .build();
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(16, task -> {
            Thread thread = new Thread(task, "cloudfront-edge-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 64);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on port " + config.port(), e);
        }
        server.createContext(
                "/",
                new EdgeHandler(
                        new SignedRequestVerifier(config.publicKeys(), Clock.systemUTC()),
                        s3,
                        config.bucket(),
                        config.allowedOrigins()));
        server.setExecutor(executor);
        server.start();
        return this;
    }

    /** The distribution's base URL, for example {@code http://localhost:41234}; policies name resources under it. */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("the edge is not started");
        }
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    public CloudFrontEdgeConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
