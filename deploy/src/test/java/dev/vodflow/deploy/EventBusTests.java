package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class EventBusTests {

    static final List<ServiceSpec> SERVICES = ServiceSpecs.ALL;

    private final VodflowStack stack = Synthesized.stack();

    @org.junit.jupiter.api.Test
    void encryptsInTransitAndAuthenticatesWithIamOnly() {
        Map<String, Object> cluster =
                Resources.properties(Resources.logicalId(stack.eventBus().cluster()));
        assertThat(cluster.get("ClientAuthentication"))
                .isEqualTo(Map.of(
                        "Sasl", Map.of("Iam", Map.of("Enabled", true)),
                        "Unauthenticated", Map.of("Enabled", false)));
        assertThat(cluster.get("EncryptionInfo"))
                .isEqualTo(Map.of("EncryptionInTransit", Map.of("ClientBroker", "TLS", "InCluster", true)));
        assertThat(cluster.get("NumberOfBrokerNodes")).isEqualTo(3);
    }

    @org.junit.jupiter.api.Test
    void topicsGetProductionsDurabilityAndTheDeclaredPartitions() {
        String properties = (String) Resources.ofType("AWS::MSK::Configuration").values().stream()
                .map(c -> ((Map<?, ?>) c.get("Properties")).get("ServerProperties"))
                .findFirst()
                .orElseThrow();
        assertThat(properties.lines())
                .contains(
                        "default.replication.factor=3",
                        "min.insync.replicas=2",
                        "auto.create.topics.enable=false",
                        // a topic declared without retention (kept for ever) must not fall back to 7 days
                        "log.retention.ms=-1");
        // services create their topics from Topics.ALL; the cluster default must agree for those that do not say
        assertThat(Topics.ALL)
                .allSatisfy(topic -> assertThat(properties.lines()).contains("num.partitions=" + topic.partitions()));
        // the catalog creates its topics with an explicit replication factor, which production must raise
        assertThat(Containers.environment(ServiceSpecs.CATALOG))
                .containsEntry("VODFLOW_CATALOG_KAFKA_REPLICATIONFACTOR", "3");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void eachServiceWritesOnlyWhatItOwnsAndReadsOnlyWhatItConsumes(ServiceSpec service) {
        List<Map<String, Object>> statements = Resources.allowStatements(
                Resources.logicalId(stack.services().get(service).taskRole()));

        List<String> expectedWrites = new ArrayList<>(Topics.ALL.stream()
                .filter(t -> t.ownerSource().equals("/vodflow/" + service.name()))
                .map(TopicSpec::name)
                .toList());
        expectedWrites.addAll(service.deadLetterTopics());
        assertThat(topicsWith("kafka-cluster:WriteData", statements))
                .containsExactlyInAnyOrderElementsOf(expectedWrites);
        assertThat(topicsWith("kafka-cluster:ReadData", statements))
                .containsExactlyInAnyOrderElementsOf(service.readTopics());
        assertThat(topicsWith("kafka-cluster:AlterGroup", statements))
                .containsExactlyInAnyOrderElementsOf(service.consumerGroups());
        assertThat(topicsWith("kafka-cluster:DescribeGroup", statements))
                .containsExactlyInAnyOrderElementsOf(service.consumerGroups());
    }

    @org.junit.jupiter.api.Test
    void deadLetterTopicsFollowOneConventionPerConsumedTopicAndGroup() {
        assertThat(ServiceSpecs.deadLetterTopic("video.uploaded", "transcode-orchestrator"))
                .isEqualTo("video.uploaded.transcode-orchestrator.dlt");
        for (ServiceSpec service : SERVICES) {
            assertThat(service.deadLetterTopics())
                    .as(service.name())
                    .hasSameSizeAs(service.consumes())
                    .allSatisfy(topic -> assertThat(topic).endsWith("." + service.name() + ".dlt"));
        }
        // a service that consumes nothing dead-letters nothing and joins no group
        assertThat(ServiceSpecs.LIVE.deadLetterTopics()).isEmpty();
        assertThat(ServiceSpecs.LIVE.consumerGroups()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void onlyTheDeadLetterWatcherReadsDeadLettersAndItReadsEveryOneInItsOwnGroup() {
        List<String> everyDeadLetterTopic =
                SERVICES.stream().flatMap(s -> s.deadLetterTopics().stream()).toList();
        assertThat(everyDeadLetterTopic).isNotEmpty().doesNotHaveDuplicates();
        for (ServiceSpec service : SERVICES) {
            List<String> read = topicsWith(
                    "kafka-cluster:ReadData",
                    Resources.allowStatements(
                            Resources.logicalId(stack.services().get(service).taskRole())));
            if (service == ServiceSpecs.NOTIFICATION) {
                assertThat(read).containsAll(everyDeadLetterTopic);
                assertThat(service.consumerGroups())
                        .containsExactly("notification-service", "notification-service-dead-letters");
            } else {
                assertThat(read).as(service.name()).doesNotContainAnyElementsOf(everyDeadLetterTopic);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void everyTopicHasExactlyOneWriterBesidesDeadLetters() {
        for (TopicSpec topic : Topics.ALL) {
            List<String> writers = SERVICES.stream()
                    .filter(s -> topicsWith(
                                    "kafka-cluster:WriteData",
                                    Resources.allowStatements(Resources.logicalId(
                                            stack.services().get(s).taskRole())))
                            .contains(topic.name()))
                    .map(ServiceSpec::name)
                    .toList();
            assertThat(writers)
                    .as(topic.name())
                    .containsExactly(topic.ownerSource().replace("/vodflow/", ""));
        }
    }

    @org.junit.jupiter.api.Test
    void servicesConnectOverTlsWithIam() {
        for (ServiceSpec service : SERVICES) {
            assertThat(Containers.environment(service))
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "AWS_MSK_IAM");
        }
    }

    /** The topic (or group) names in the statements allowing {@code action}: the last part of each resource ARN. */
    static List<String> topicsWith(String action, List<Map<String, Object>> statements) {
        return statements.stream()
                .filter(s -> Resources.actions(s).contains(action))
                .flatMap(s -> Resources.resources(s).stream())
                .map(EventBusTests::lastPart)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static String lastPart(Object arn) {
        List<Object> join = (List<Object>) ((Map<String, Object>) arn).get("Fn::Join");
        List<Object> parts = (List<Object>) join.get(1);
        String last = (String) parts.get(parts.size() - 1);
        return last.substring(last.lastIndexOf('/') + 1);
    }
}
