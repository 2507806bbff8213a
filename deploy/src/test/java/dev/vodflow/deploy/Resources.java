package dev.vodflow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** Reads the synthesised template as plain maps: what the tests look for is data, not CDK objects. */
final class Resources {

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> all() {
        return (Map<String, Map<String, Object>>)
                Synthesized.template().toJSON().get("Resources");
    }

    static Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> found = new java.util.LinkedHashMap<>();
        all().forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(String logicalId) {
        Map<String, Object> resource = Objects.requireNonNull(all().get(logicalId), logicalId);
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** The logical id CDK gave the L1 resource behind {@code construct}. */
    static String logicalId(IConstruct construct) {
        IConstruct child = construct instanceof CfnElement
                ? construct
                : construct.getNode().getDefaultChild();
        return Stack.of(construct).getLogicalId((CfnElement) child);
    }

    /** Every Allow statement of the policies attached to the role with {@code roleLogicalId}, inline or not. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> allowStatements(String roleLogicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : ofType("AWS::IAM::Policy").values()) {
            Map<String, Object> props = (Map<String, Object>) policy.get("Properties");
            List<Object> roles = (List<Object>) props.getOrDefault("Roles", List.of());
            if (roles.contains(Map.of("Ref", roleLogicalId))) {
                statements.addAll(statements(props.get("PolicyDocument")));
            }
        }
        Map<String, Object> role = properties(roleLogicalId);
        for (Object inline : (List<Object>) role.getOrDefault("Policies", List.of())) {
            statements.addAll(statements(((Map<String, Object>) inline).get("PolicyDocument")));
        }
        return statements.stream().filter(s -> "Allow".equals(s.get("Effect"))).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Object document) {
        return (List<Map<String, Object>>) ((Map<String, Object>) document).get("Statement");
    }

    /** A statement's actions, whether written as one string or a list. */
    @SuppressWarnings("unchecked")
    static List<String> actions(Map<String, Object> statement) {
        Object actions = statement.get("Action");
        return actions instanceof String one ? List.of(one) : (List<String>) actions;
    }

    /** A statement's resources, whether one or a list. */
    @SuppressWarnings("unchecked")
    static List<Object> resources(Map<String, Object> statement) {
        Object resources = statement.get("Resource");
        return resources instanceof List<?> many ? (List<Object>) many : List.of(resources);
    }

    private Resources() {}
}
