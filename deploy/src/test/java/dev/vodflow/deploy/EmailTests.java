package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailTests {

    private final VodflowStack stack = Synthesized.stack();
    private final String identity = Resources.logicalId(stack.email().identity());
    private final String configurationSet = Resources.logicalId(stack.email().configurationSet());
    private final String topic = Resources.logicalId(stack.email().feedbackTopic());
    private final String queue = Resources.logicalId(stack.email().feedback());

    @Test
    void verifiesTheDomainGivenAsAParameterWithTheConfigurationSetAsDefault() {
        Map<String, Object> props = Resources.properties(identity);
        assertThat(props.get("EmailIdentity")).isEqualTo(Map.of("Ref", "EmailDomain"));
        assertThat(String.valueOf(props.get("ConfigurationSetAttributes"))).contains(configurationSet);
        @SuppressWarnings("unchecked")
        Map<String, Object> outputs =
                (Map<String, Object>) Synthesized.template().toJSON().get("Outputs");
        assertThat(outputs).containsKeys("EmailDkimRecord1", "EmailDkimRecord2", "EmailDkimRecord3");
    }

    @Test
    void publishesBouncesAndComplaintsOnlyToTheEncryptedFeedbackTopic() {
        var destinations =
                Resources.ofType("AWS::SES::ConfigurationSetEventDestination").values();
        assertThat(destinations).hasSize(1);
        Map<?, ?> props = (Map<?, ?>) destinations.iterator().next().get("Properties");
        assertThat(props.get("ConfigurationSetName")).isEqualTo(Map.of("Ref", configurationSet));
        Map<?, ?> destination = (Map<?, ?>) props.get("EventDestination");
        assertThat(destination.get("Enabled")).isEqualTo(true);
        assertThat(List.<Object>copyOf((List<?>) destination.get("MatchingEventTypes")))
                .containsExactlyInAnyOrder("bounce", "complaint");
        assertThat(destination.get("SnsDestination")).isEqualTo(Map.of("TopicARN", Map.of("Ref", topic)));

        // SES may use the topic's key (a customer key: AWS's managed SNS key would shut SES out)
        Map<?, ?> topicProps = Resources.properties(topic);
        String key = String.valueOf(((Map<?, ?>) topicProps.get("KmsMasterKeyId")).get("Fn::GetAtt"));
        String keyId = key.replaceAll("\\[([A-Za-z0-9]+), Arn]", "$1");
        List<Map<String, Object>> keyPolicy =
                Resources.statements(Resources.properties(keyId).get("KeyPolicy"));
        assertThat(keyPolicy).anySatisfy(s -> {
            assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "ses.amazonaws.com"));
            assertThat(Resources.actions(s)).contains("kms:GenerateDataKey*", "kms:Decrypt");
        });
        assertThat(Resources.properties(keyId).get("EnableKeyRotation")).isEqualTo(true);
    }

    @Test
    void deliversFeedbackSnsWrappedToAnEncryptedQueueWithADeadLetterQueue() {
        var subscriptions = Resources.ofType("AWS::SNS::Subscription").values().stream()
                .map(s -> (Map<?, ?>) s.get("Properties"))
                .filter(p -> Map.of("Ref", topic).equals(p.get("TopicArn")))
                .toList();
        assertThat(subscriptions).hasSize(1);
        Map<?, ?> subscription = subscriptions.get(0);
        assertThat(subscription.get("Protocol")).isEqualTo("sqs");
        assertThat(subscription.get("Endpoint")).isEqualTo(Map.of("Fn::GetAtt", List.of(queue, "Arn")));
        // notification-service's FeedbackPoller reads the SNS envelope
        assertThat(subscription.get("RawMessageDelivery")).isNotEqualTo(true);

        Map<String, Object> queueProps = Resources.properties(queue);
        assertThat(queueProps.get("SqsManagedSseEnabled")).isEqualTo(true);
        Map<?, ?> redrive = (Map<?, ?>) queueProps.get("RedrivePolicy");
        assertThat(redrive.get("maxReceiveCount")).isEqualTo(PipelineQueues.MAX_RECEIVE_COUNT);
        assertThat(redrive.get("deadLetterTargetArn"))
                .isEqualTo(Map.of(
                        "Fn::GetAtt", List.of(Resources.logicalId(stack.email().feedbackDeadLetters()), "Arn")));
        List<String> alarmed = Resources.ofType("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> String.valueOf(((Map<?, ?>) a.get("Properties")).get("Dimensions")))
                .toList();
        assertThat(alarmed)
                .anyMatch(d -> d.contains(Resources.logicalId(stack.email().feedbackDeadLetters())));
    }

    @Test
    void theQueueAdmitsSendsFromTheFeedbackTopicOnly() {
        List<Map<String, Object>> allows = Resources.ofType("AWS::SQS::QueuePolicy").values().stream()
                .map(p -> (Map<?, ?>) p.get("Properties"))
                .filter(p -> List.of(Map.of("Ref", queue)).equals(p.get("Queues")))
                .flatMap(p -> Resources.statements(p.get("PolicyDocument")).stream())
                .filter(s -> "Allow".equals(s.get("Effect")))
                .toList();
        assertThat(allows).hasSize(1);
        Map<String, Object> allow = allows.get(0);
        assertThat(allow.get("Principal")).isEqualTo(Map.of("Service", "sns.amazonaws.com"));
        assertThat(Resources.actions(allow)).containsExactly("sqs:SendMessage");
        assertThat(allow.get("Condition"))
                .isEqualTo(Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Ref", topic))));
    }

    @Test
    void notificationMaySendOnlyAsTheIdentityThroughTheConfigurationSetAndReadOnlyItsQueue() {
        List<Map<String, Object>> statements = Resources.allowStatements(Resources.logicalId(
                stack.services().get(ServiceSpecs.NOTIFICATION).taskRole()));
        Map<String, Object> send = statements.stream()
                .filter(s -> Resources.actions(s).stream().anyMatch(a -> a.startsWith("ses:")))
                .findFirst()
                .orElseThrow();
        assertThat(Resources.actions(send)).containsExactly("ses:SendEmail");
        assertThat(Resources.resources(send)).hasSize(2);
        assertThat(String.valueOf(Resources.resources(send).get(0))).contains(identity);
        assertThat(String.valueOf(Resources.resources(send).get(1)))
                .contains(":configuration-set/")
                .contains(configurationSet);
        assertThat(statements.stream()
                        .flatMap(s -> Resources.actions(s).stream())
                        .filter(a -> a.startsWith("sqs:")))
                .containsExactlyInAnyOrder("sqs:ReceiveMessage", "sqs:DeleteMessage");
        assertThat(statements.stream()
                        .flatMap(s -> Resources.actions(s).stream())
                        .filter(a -> a.startsWith("s3:")))
                .isEmpty();
        // and no other service may send mail
        for (ServiceSpec other : ServiceSpecs.ALL) {
            if (other != ServiceSpecs.NOTIFICATION) {
                assertThat(
                                Resources.allowStatements(Resources.logicalId(
                                                stack.services().get(other).taskRole()))
                                        .stream()
                                        .flatMap(s -> Resources.actions(s).stream()))
                        .as(other.name())
                        .noneMatch(a -> a.startsWith("ses:"));
            }
        }
    }

    @Test
    void theTaskDefinitionTurnsMailOnAndPointsItAtTheseResources() {
        Map<String, Object> environment = Containers.environment(ServiceSpecs.NOTIFICATION);
        String email = VodflowStack.EMAIL;
        assertThat(environment)
                .containsEntry(email + "ENABLED", "true")
                .containsEntry(email + "CONFIGURATIONSET", Map.of("Ref", configurationSet))
                .containsEntry(email + "FEEDBACKQUEUEURL", Map.of("Ref", queue))
                .containsEntry(email + "OPERATORS", Map.of("Ref", "EmailOperators"));
        assertThat(String.valueOf(environment.get(email + "FROM")))
                .contains("no-reply")
                .contains("EmailDomain");
        assertThat(String.valueOf(environment.get(email + "VIDEOPAGEURL")))
                .contains("WebOrigin")
                .contains("{videoId}");
        String cdn = Resources.logicalId(stack.cdn().distribution());
        assertThat(String.valueOf(environment.get(email + "UNSUBSCRIBEURL")))
                .contains(cdn)
                .contains("/api/email/unsubscribe");
        assertThat(environment.get(email + "POSTERBASEURL"))
                .isEqualTo(Containers.environment(ServiceSpecs.PLAYBACK).get("VODFLOW_PLAYBACK_CDNBASEURL"));
        assertThat(String.valueOf(Containers.secrets(ServiceSpecs.NOTIFICATION).get(email + "UNSUBSCRIBESECRET")))
                .contains(Resources.logicalId(stack.email().unsubscribeKey()));
        Map<String, Object> generated =
                Resources.properties(Resources.logicalId(stack.email().unsubscribeKey()));
        assertThat(String.valueOf(generated.get("GenerateSecretString"))).contains("PasswordLength=64");
    }
}
