package dev.vodflow.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS on ElasticMQ, in this JVM, speaking the real SQS protocols (JSON and query) on loopback. Given a storage
 * directory it keeps queues and messages there (ElasticMQ's SQL persistence on an H2 file), so a restart loses
 * nothing, as SQS would not.
 */
public final class LocalSqs implements AutoCloseable {

    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Path storage;
    private final URI endpoint;
    private final SqsClient client;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private SQSRestServer server;
    private ActorSystem actors;

    private LocalSqs(int port, Path storage) {
        this.port = port;
        this.storage = storage;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.client = LocalAws.sqsClient(endpoint);
    }

    /** Starts ElasticMQ on {@code port} (0 picks a free one), keeping queues and messages in memory only. */
    public static LocalSqs start(int port) {
        return start(port, null);
    }

    /**
     * Starts ElasticMQ on {@code port} (0 picks a free one) with its queues and messages kept under {@code storage}
     * and restored from there; {@code null} keeps them in memory only.
     */
    public static LocalSqs start(int port, Path storage) {
        LocalSqs sqs = new LocalSqs(LocalAws.freePort(port), storage);
        sqs.start();
        return sqs;
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port; with storage, its queues and messages are
     * restored from there (an SQS outage and recovery, for fault tests). The client and queue URLs stay valid.
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("SQS at " + endpoint + " is running");
        }
        ActorSystem system = ActorSystem.create("local-sqs");
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withActorSystem(system);
        if (storage != null) {
            builder = builder.withQueueManagerActor(persistentQueueManager(system, storage));
        }
        SQSRestServer started = builder.withInterface("127.0.0.1")
                .withPort(port)
                .withAWSRegion(LocalAws.REGION)
                .withAWSAccountId(LocalAws.ACCOUNT_ID)
                .start();
        started.waitUntilStarted();
        server = started;
        actors = system;
    }

    /** Stops the server (callers get connection errors until {@link #start()}); stored messages stay stored. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stopAndWait();
        try {
            actors.terminate();
            scala.concurrent.Await.result(actors.whenTerminated(), scala.concurrent.duration.Duration.apply(30, "s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            // the server is stopped; a slow actor shutdown keeps nothing
        } finally {
            server = null;
            actors = null;
        }
    }

    /** A queue manager whose every change is written to an H2 database under {@code storage}, restored first. */
    private static ActorRef persistentQueueManager(ActorSystem actors, Path storage) {
        try {
            Files.createDirectories(storage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SQS storage directory " + storage, e);
        }
        SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(
                true, "org.h2.Driver", "jdbc:h2:" + storage.resolve("elasticmq").toAbsolutePath(), "", "", false);
        scala.collection.immutable.List<CreateQueueMetadata> noBaseQueues =
                scala.collection.immutable.List$.MODULE$.empty();
        ActorRef persistence = actors.actorOf(
                Props.create(SqlQueuePersistenceActor.class, () -> new SqlQueuePersistenceActor(config, noBaseQueues)));
        ActorRef queueManager = actors.actorOf(Props.create(
                QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(persistence))));
        try {
            Patterns.ask(persistence, new QueueEvent.Restore(queueManager), RESTORE_TIMEOUT)
                    .toCompletableFuture()
                    .get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the SQS queues", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot restore the SQS queues from " + storage, e);
        }
        return queueManager;
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
        stop();
    }
}
