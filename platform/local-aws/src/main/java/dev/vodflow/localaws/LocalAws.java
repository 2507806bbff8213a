package dev.vodflow.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Settings shared by the local stand-ins: one region and one key pair, as a single AWS account would have. */
public final class LocalAws {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "vodflow-local";
    public static final String SECRET_ACCESS_KEY = "vodflow-local-secret";
    public static final String ACCOUNT_ID = "000000000000";

    private static final int MAX_PORT_ATTEMPTS = 100;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LocalAws() {}

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    public static S3Client s3Client(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .build();
    }

    public static SqsClient sqsClient(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .build();
    }

    /**
     * A port free on loopback right now, and never one this JVM has handed out before; 0 in a setting means "pick
     * one". The probe's socket is closed before the port is used, so without that memory two parts picking ports
     * (Kafka's client and controller listeners, the stand-ins started in parallel) could be given the same one, and
     * one of them then fails to start: a CI run saw Kafka refuse `PLAINTEXT://127.0.0.1:40203,CONTROLLER://127.0.0.1:40203`.
     */
    public static int freePort(int requested) {
        if (requested > 0) {
            return requested;
        }
        for (int attempt = 0; attempt < MAX_PORT_ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on loopback", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on loopback in " + MAX_PORT_ATTEMPTS
                + " tries that this JVM had not handed out already (" + HANDED_OUT.size() + " handed out)");
    }
}
