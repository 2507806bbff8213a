package dev.vodflow.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.Message;

/** Issue 15.4: the SQS stand-in keeps queues and messages across a restart, as SQS itself would. */
class LocalSqsPersistenceIntegrationTests {

    @TempDir
    Path storage;

    @Test
    void aMessageSentBeforeARestartIsReceivedAfterIt() {
        String sent;
        try (LocalSqs sqs = LocalSqs.start(0, storage)) {
            String url = sqs.createQueueWithDeadLetterQueue("s3-events", 3, Duration.ofSeconds(30));
            sent = sqs.client()
                    .sendMessage(b -> b.queueUrl(url).messageBody("{\"Records\":[]} before the restart"))
                    .messageId();
        }

        try (LocalSqs restarted = LocalSqs.start(0, storage)) {
            // the queue survived with its settings: creating it again returns it as it is
            String url = restarted.createQueueWithDeadLetterQueue("s3-events", 3, Duration.ofSeconds(30));
            List<Message> received = restarted
                    .client()
                    .receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).maxNumberOfMessages(10))
                    .messages();

            assertThat(received).extracting(Message::messageId).containsExactly(sent);
            assertThat(received.get(0).body()).isEqualTo("{\"Records\":[]} before the restart");
        }
    }

    @Test
    void withoutStorageARestartStartsEmpty() {
        try (LocalSqs sqs = LocalSqs.start(0)) {
            String url = sqs.createQueue("volatile", java.util.Map.of());
            sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("gone"));
        }
        try (LocalSqs restarted = LocalSqs.start(0)) {
            String url = restarted.createQueue("volatile", java.util.Map.of());
            assertThat(restarted
                            .client()
                            .receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1))
                            .messages())
                    .isEmpty();
        }
    }

    @Test
    void stoppedAndStartedInPlaceItKeepsMessagesPortAndClient() {
        try (LocalSqs sqs = LocalSqs.start(0, storage)) {
            String url = sqs.createQueueWithDeadLetterQueue("mediaconvert-events", 3, Duration.ofSeconds(30));
            String sent = sqs.client()
                    .sendMessage(b -> b.queueUrl(url).messageBody("kept"))
                    .messageId();

            sqs.stop();
            assertThatThrownBy(() -> sqs.client().getQueueUrl(b -> b.queueName("mediaconvert-events")))
                    .isInstanceOf(SdkClientException.class);
            sqs.start();

            assertThat(sqs.queueUrl("mediaconvert-events")).isEqualTo(url);
            List<Message> received = sqs.client()
                    .receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).maxNumberOfMessages(10))
                    .messages();
            assertThat(received).extracting(Message::messageId).containsExactly(sent);
        }
    }
}
