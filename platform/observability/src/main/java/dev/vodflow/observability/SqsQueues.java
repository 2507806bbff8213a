package dev.vodflow.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The service's SQS queues: {@code vodflow.sqs.queue.messages{queue,state}} (visible, in flight, delayed) and one
 * health entry per queue.
 */
class SqsQueues implements Refreshable {

    private static final Logger log = LoggerFactory.getLogger(SqsQueues.class);
    private static final Map<QueueAttributeName, String> STATES = Map.of(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "visible",
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "in_flight",
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "delayed");

    private final SqsClient sqs;
    private final Map<String, URI> queues;
    private final MultiGauge gauge;

    SqsQueues(SqsClient sqs, Map<String, URI> queues, MeterRegistry meters) {
        this.sqs = sqs;
        this.queues = Map.copyOf(queues);
        this.gauge = MultiGauge.builder("vodflow.sqs.queue.messages")
                .description("Messages in the service's SQS queue, by state")
                .baseUnit("messages")
                .register(meters);
    }

    @Override
    public void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        queues.forEach((name, url) -> {
            try {
                GetQueueAttributesResponse attributes = attributes(url);
                STATES.forEach((attribute, state) -> {
                    String value = attributes.attributes().get(attribute);
                    if (value != null) {
                        rows.add(MultiGauge.Row.of(Tags.of("queue", name, "state", state), Long.parseLong(value)));
                    }
                });
            } catch (RuntimeException e) {
                log.warn("depth of queue {} not refreshed: {}", name, e.toString());
            }
        });
        gauge.register(rows, true);
    }

    CompositeHealthContributor health() {
        return CompositeHealthContributor.fromMap(queues, url -> new AbstractHealthIndicator("SQS did not answer") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                attributes(url);
                builder.up();
            }
        });
    }

    private GetQueueAttributesResponse attributes(URI url) {
        return sqs.getQueueAttributes(
                request -> request.queueUrl(url.toString()).attributeNames(STATES.keySet()));
    }
}
