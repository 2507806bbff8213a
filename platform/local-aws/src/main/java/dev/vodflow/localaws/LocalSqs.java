package dev.vodflow.localaws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SQS on ElasticMQ, in this JVM, speaking the real SQS protocols (JSON and query) on loopback. */
public final class LocalSqs implements AutoCloseable {

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    private LocalSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = LocalAws.sqsClient(endpoint);
    }

    /** Starts ElasticMQ on {@code port} (0 picks a free one). */
    public static LocalSqs start(int port) {
        int bound = LocalAws.freePort(port);
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(bound)
                .withAWSRegion(LocalAws.REGION)
                .withAWSAccountId(LocalAws.ACCOUNT_ID)
                .start();
        server.waitUntilStarted();
        return new LocalSqs(server, URI.create("http://127.0.0.1:" + bound));
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    /**
     * Creates {@code name} and its dead-letter queue {@code name-dlq}, with a redrive policy moving a
     * message to the DLQ once it has been received {@code maxReceiveCount} times without being deleted.
     * Idempotent: an existing queue is returned as it is.
     */
    public String createQueueWithDeadLetterQueue(String name, int maxReceiveCount, Duration visibilityTimeout) {
        String dlqUrl = createQueue(name + "-dlq", Map.of());
        String dlqArn = client.getQueueAttributes(GetQueueAttributesRequest.builder()
                        .queueUrl(dlqUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN)
                        .build())
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        return createQueue(
                name,
                Map.of(
                        QueueAttributeName.REDRIVE_POLICY,
                        redrive,
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        Long.toString(visibilityTimeout.toSeconds())));
    }

    public String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        String url = client.createQueue(CreateQueueRequest.builder()
                        .queueName(name)
                        .attributes(attributes)
                        .build())
                .queueUrl();
        queueUrls.put(name, url);
        return url;
    }

    /** The URL of a queue created here; refuses names it does not know, listing the ones it does. */
    public String queueUrl(String name) {
        String url = queueUrls.get(name);
        if (url == null) {
            throw new IllegalArgumentException("no queue '" + name + "'; queues: " + queueUrls.keySet());
        }
        return url;
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
