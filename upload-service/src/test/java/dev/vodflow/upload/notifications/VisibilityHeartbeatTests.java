package dev.vodflow.upload.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

class VisibilityHeartbeatTests {

    /** An in-memory SQS that records visibility changes; any other call fails as unsupported. */
    static class RecordingSqs implements SqsClient {
        final List<ChangeMessageVisibilityBatchRequest> changes = new CopyOnWriteArrayList<>();

        @Override
        public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
                Consumer<ChangeMessageVisibilityBatchRequest.Builder> request) {
            var builder = ChangeMessageVisibilityBatchRequest.builder();
            request.accept(builder);
            changes.add(builder.build());
            return ChangeMessageVisibilityBatchResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    }

    @Test
    void extendsOnlyMessagesStillBeingHandledToTheFullTimeout() {
        RecordingSqs sqs = new RecordingSqs();
        // an interval far beyond the test, so only the explicit extend() below runs
        try (var heartbeat = new VisibilityHeartbeat(sqs, "queue", Duration.ofSeconds(60), Duration.ofHours(1))) {
            heartbeat.track("slow");
            heartbeat.track("done");
            heartbeat.untrack("done");

            heartbeat.extend();
        }

        assertThat(sqs.changes).hasSize(1);
        assertThat(sqs.changes.get(0).queueUrl()).isEqualTo("queue");
        assertThat(sqs.changes.get(0).entries())
                .extracting(
                        ChangeMessageVisibilityBatchRequestEntry::receiptHandle,
                        ChangeMessageVisibilityBatchRequestEntry::visibilityTimeout)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("slow", 60));
    }

    @Test
    void splitsLargeBatchesIntoTheTenEntriesSqsAccepts() {
        RecordingSqs sqs = new RecordingSqs();
        try (var heartbeat = new VisibilityHeartbeat(sqs, "queue", Duration.ofSeconds(30), Duration.ofHours(1))) {
            for (int i = 0; i < 12; i++) {
                heartbeat.track("m" + i);
            }
            heartbeat.extend();
        }

        assertThat(sqs.changes).extracting(change -> change.entries().size()).containsExactly(10, 2);
    }

    @Test
    void doesNothingWhenNoMessageIsInFlight() {
        RecordingSqs sqs = new RecordingSqs();
        try (var heartbeat = new VisibilityHeartbeat(sqs, "queue", Duration.ofSeconds(30), Duration.ofHours(1))) {
            heartbeat.extend();
        }

        assertThat(sqs.changes).isEmpty();
    }
}
