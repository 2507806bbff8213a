package dev.vodflow.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A service's container definition in the synthesised template. */
final class Containers {

    @SuppressWarnings("unchecked")
    static Map<String, Object> definition(ServiceSpec spec) {
        String task = Resources.logicalId(
                Synthesized.stack().services().get(spec).service().getTaskDefinition());
        List<Map<String, Object>> containers =
                (List<Map<String, Object>>) Resources.properties(task).get("ContainerDefinitions");
        return containers.stream()
                .filter(c -> spec.name().equals(c.get("Name")))
                .findFirst()
                .orElseThrow();
    }

    /** Environment variable name to value (a string or an intrinsic function). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(ServiceSpec spec) {
        Map<String, Object> environment = new LinkedHashMap<>();
        for (Object entry : (List<Object>) definition(spec).getOrDefault("Environment", List.of())) {
            Map<String, Object> pair = (Map<String, Object>) entry;
            environment.put((String) pair.get("Name"), pair.get("Value"));
        }
        return environment;
    }

    /** Secret name to its Secrets Manager reference. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> secrets(ServiceSpec spec) {
        Map<String, Object> secrets = new LinkedHashMap<>();
        for (Object entry : (List<Object>) definition(spec).getOrDefault("Secrets", List.of())) {
            Map<String, Object> pair = (Map<String, Object>) entry;
            secrets.put((String) pair.get("Name"), pair.get("ValueFrom"));
        }
        return secrets;
    }

    private Containers() {}
}
