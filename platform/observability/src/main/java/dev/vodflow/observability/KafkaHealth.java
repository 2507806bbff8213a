package dev.vodflow.observability;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up while the Kafka cluster answers a metadata request in time: the service cannot publish or consume without it. */
class KafkaHealth extends AbstractHealthIndicator {

    private final Admin admin;
    private final Duration timeout;

    KafkaHealth(Admin admin, Duration timeout) {
        super("Kafka did not answer");
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Collection<Node> nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        builder.up().withDetail("brokers", nodes.size());
    }
}
