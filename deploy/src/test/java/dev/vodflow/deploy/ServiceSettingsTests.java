package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every setting a service's own configuration leaves to production is set by its task definition, from the stack's
 * resources and parameters rather than from literals. Read from the services' source, so a property another change
 * adds is caught here.
 */
class ServiceSettingsTests {

    static final List<ServiceSpec> SERVICES = ServiceSpecs.ALL;

    /** Settings whose production value is a fixed choice, not a resource of the stack. */
    static final List<String> LITERAL_ON_PURPOSE = List.of("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED");

    @ParameterizedTest
    @FieldSource("SERVICES")
    void taskDefinitionSetsEverySettingTheServiceLeavesToProduction(ServiceSpec service) throws IOException {
        Map<String, Object> settings = RequiredSettings.load(Path.of("..", service.name(), "src", "main", "resources"));
        Map<String, Object> environment = Containers.environment(service);
        Map<String, Object> secrets = Containers.secrets(service);
        // A feature the task definition switches off (<feature>.enabled=false) needs none of its own settings.
        List<String> disabled = settings.keySet().stream()
                .filter(key -> key.endsWith(".enabled"))
                .filter(key -> "false".equals(environment.get(RequiredSettings.variable(key))))
                .map(key -> key.substring(0, key.length() - "enabled".length()))
                .toList();
        List<RequiredSettings.Required> required = RequiredSettings.of(settings).stream()
                .filter(setting -> disabled.stream().noneMatch(setting.key()::startsWith))
                .toList();
        assertThat(required).as("settings found for " + service.name()).hasSizeGreaterThan(1);

        for (RequiredSettings.Required setting : required) {
            List<String> supplied = setting.variables().stream()
                    .filter(v -> environment.containsKey(v) || secrets.containsKey(v))
                    .toList();
            assertThat(supplied)
                    .as(
                            "%s: %s (%s) must be set by one of %s",
                            service.name(), setting.key(), setting.why(), setting.variables())
                    .hasSize(1);
            String variable = supplied.get(0);
            if (environment.containsKey(variable) && !LITERAL_ON_PURPOSE.contains(variable)) {
                assertThat(environment.get(variable))
                        .as("%s: %s must come from the stack, not a literal", service.name(), variable)
                        .isInstanceOf(Map.class);
            }
        }
    }
}
