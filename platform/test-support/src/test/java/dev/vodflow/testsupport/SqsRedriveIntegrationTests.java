package dev.vodflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.localaws.LocalEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(LocalInfrastructureExtension.class)
class SqsRedriveIntegrationTests {

    @Test
    void messageThatKeepsFailingLandsInTheDeadLetterQueueAfterMaxReceives(LocalInfrastructure infra) {
        SqsClient sqs = infra.sqs();
        String queue = infra.queueUrl("mediaconvert-events");
        String dlq = infra.queueUrl("mediaconvert-events-dlq");
        String body = "poison " + UUID.randomUUID();
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));

        int[] receives = {0};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            // A consumer that fails: receive, never delete, let the visibility timeout lapse at once.
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queue)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(0)
                            .waitTimeSeconds(1))
                    .messages()) {
                if (message.body().equals(body)) {
                    receives[0]++;
                }
            }
            List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10))
                    .messages();
            return dead.stream().anyMatch(m -> m.body().equals(body));
        });

        assertThat(receives[0]).isEqualTo(LocalEnvironment.MAX_RECEIVE_COUNT);
    }
}
