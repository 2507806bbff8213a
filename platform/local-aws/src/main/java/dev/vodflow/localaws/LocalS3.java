package dev.vodflow.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * S3 on S3Proxy with a filesystem store, checking AWS Signature V4 (so presigned URLs, and the headers they
 * bind, are enforced), plus S3 event notifications to SQS.
 */
public final class LocalS3 implements AutoCloseable {

    /**
     * @param dataDirectory where buckets and objects are kept between runs
     * @param port 0 picks a free port
     * @param corsOrigins browser origins allowed to upload with presigned URLs (empty: none)
     */
    public record Config(Path dataDirectory, int port, List<String> corsOrigins) {
        public Config {
            corsOrigins = List.copyOf(corsOrigins);
        }
    }

    private final S3Proxy proxy;
    private final NotifyingBlobStore store;
    private final URI endpoint;
    private final S3Client client;

    private LocalS3(S3Proxy proxy, NotifyingBlobStore store, URI endpoint) {
        this.proxy = proxy;
        this.store = store;
        this.endpoint = endpoint;
        this.client = LocalAws.s3Client(endpoint);
    }

    /** Starts S3 on loopback; {@code sqs} is the client notifications are sent with. */
    public static LocalS3 start(Config config, SqsClient sqs) {
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3 data directory " + config.dataDirectory(), e);
        }
        int port = LocalAws.freePort(config.port());
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        NotifyingBlobStore store = new NotifyingBlobStore(
                new FilesystemNio2BlobStore(config.dataDirectory().toString()), sqs, LocalAws.REGION);
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LocalAws.ACCESS_KEY_ID, LocalAws.SECRET_ACCESS_KEY)
                .ignoreUnknownHeaders(true);
        if (!config.corsOrigins().isEmpty()) {
            builder.corsRules(new CrossOriginResourceSharing(
                    config.corsOrigins(),
                    List.of("GET", "HEAD", "PUT", "POST"),
                    List.of("*"),
                    List.of("ETag"),
                    "true"));
        }
        S3Proxy proxy = builder.build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy still " + proxy.getState() + " after 30 s");
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start on " + endpoint, e);
        }
        return new LocalS3(proxy, store, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client;
    }

    /** Creates the bucket unless it exists already (its objects are kept). */
    public void createBucket(String bucket) {
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
    }

    /**
     * Sends an event for every object created in {@code bucket} under {@code prefix} to {@code queueUrl}, and
     * an {@code s3:TestEvent} now, as S3 does when a notification configuration is put.
     */
    public void notifyObjectCreated(String configurationId, String bucket, String prefix, String queueUrl) {
        store.addNotification(new NotifyingBlobStore.Notification(configurationId, bucket, prefix, queueUrl));
    }

    @Override
    public void close() {
        client.close();
        store.stopRedelivery();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
