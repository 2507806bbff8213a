package dev.vodflow.localaws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), in this JVM. Its log
 * directory is kept between runs, so topics and offsets survive a restart of the dev stack.
 */
public final class LocalKafka implements AutoCloseable {

    private final Properties props;
    private final String bootstrapServers;
    private KafkaRaftServer server;

    private LocalKafka(Properties props, String bootstrapServers) {
        this.props = props;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @param dataDirectory the log directory; formatted on first use
     * @param port the client port (0 picks a free one); the controller takes another free port
     */
    public static LocalKafka start(Path dataDirectory, int port) {
        int clientPort = LocalAws.freePort(port);
        int controllerPort = LocalAws.freePort(0);
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDirectory.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        // The durable history topics are replayed to rebuild projections: keep them for good by default.
        props.put("log.retention.hours", "-1");
        format(dataDirectory, props);
        LocalKafka kafka = new LocalKafka(props, "127.0.0.1:" + clientPort);
        kafka.start();
        return kafka;
    }

    /**
     * Starts the broker again after {@link #stop()}, on the same ports and log directory: clients reconnect to the
     * address they know and find their topics, records and committed offsets (a broker restart, for fault tests).
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the Kafka broker at " + bootstrapServers + " is running");
        }
        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        started.startup();
        server = started;
    }

    /** Stops the broker (a controlled shutdown, its logs flushed); {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private static void format(Path dataDirectory, Properties props) {
        try {
            Files.createDirectories(dataDirectory);
            if (Files.exists(dataDirectory.resolve("meta.properties"))) {
                return;
            }
            Path config = Files.createTempFile("vodflow-kafka", ".properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "vodflow local Kafka");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            Files.deleteIfExists(config);
            if (status != 0) {
                throw new IllegalStateException("formatting Kafka storage in " + dataDirectory + " failed: "
                        + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka storage in " + dataDirectory, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        stop();
    }
}
