package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatabasesTests {

    private final VodflowStack stack = Synthesized.stack();
    private final String cluster = Resources.logicalId(stack.databases().cluster());

    @Test
    void isEncryptedPostgresWithAFailoverInstanceAndNoPublicAccess() {
        Map<String, Object> properties = Resources.properties(cluster);
        assertThat(properties).containsEntry("Engine", "aurora-postgresql").containsEntry("StorageEncrypted", true);
        var instances = Resources.ofType("AWS::RDS::DBInstance").values();
        assertThat(instances).hasSize(2);
        assertThat(instances).allSatisfy(i -> assertThat(((Map<?, ?>) i.get("Properties")).get("PubliclyAccessible"))
                .isEqualTo(false));
    }

    @Test
    void keepsTheCredentialsInSecretsManagerAndInjectsThemAsSecrets() {
        assertThat(Resources.properties(cluster).get("MasterUserPassword").toString())
                .contains("resolve:secretsmanager");
        for (ServiceSpec service : ServiceSpecs.ALL) {
            assertThat(Containers.secrets(service))
                    .containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
            assertThat(Containers.environment(service)).doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
        }
    }

    @Test
    void isReachableOnlyFromTheServices() {
        String clusterGroup = Resources.logicalId(
                stack.databases().cluster().getConnections().getSecurityGroups().get(0));
        Set<Object> serviceGroups = ServiceSpecs.ALL.stream()
                .map(s -> stack.services()
                        .get(s)
                        .service()
                        .getConnections()
                        .getSecurityGroups()
                        .get(0))
                .map(g -> (Object) Map.of("Fn::GetAtt", List.of(Resources.logicalId(g), "GroupId")))
                .collect(Collectors.toSet());
        List<Map<?, ?>> ingress = Resources.ofType("AWS::EC2::SecurityGroupIngress").values().stream()
                .<Map<?, ?>>map(r -> (Map<?, ?>) r.get("Properties"))
                .filter(p ->
                        Map.of("Fn::GetAtt", List.of(clusterGroup, "GroupId")).equals(p.get("GroupId")))
                .toList();
        assertThat(ingress.stream()
                        .map(rule -> (Object) rule.get("SourceSecurityGroupId"))
                        .toList())
                .containsExactlyInAnyOrderElementsOf(serviceGroups);
        assertThat(ingress).allSatisfy(rule -> assertThat(rule.get("CidrIp")).isNull());
    }

    @Test
    void createsOneDatabasePerService() {
        List<String> statements = Resources.ofType("Custom::AWS").values().stream()
                .map(r -> String.valueOf(((Map<?, ?>) r.get("Properties")).get("Create")))
                .filter(create -> create.contains("executeStatement"))
                .toList();
        assertThat(statements).hasSize(ServiceSpecs.ALL.size());
        for (ServiceSpec service : ServiceSpecs.ALL) {
            assertThat(statements).anyMatch(s -> s.contains("\"CREATE DATABASE " + service.database() + "\""));
            Map<?, ?> url = (Map<?, ?>) Containers.environment(service).get("SPRING_DATASOURCE_URL");
            List<?> parts = (List<?>) ((List<?>) url.get("Fn::Join")).get(1);
            assertThat(parts.get(0)).isEqualTo("jdbc:postgresql://");
            assertThat(parts.get(parts.size() - 1)).isEqualTo("/" + service.database());
        }
    }
}
