package dev.vodflow.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Finds what a service's {@code application.yml} (and {@code application-prod*.yml}) leaves to production: placeholders
 * with no default or an empty one, values that point at the local machine, credentials, and names of AWS resources.
 */
final class RequiredSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(:([^}]*))?}");
    private static final Pattern LOCAL = Pattern.compile("localhost|127\\.0\\.0\\.1|000000000000");
    /** Last key segments that name an AWS resource or a credential, which only the deployment knows. */
    private static final Set<String> BOUND_TO_DEPLOYMENT =
            Set.of("bucket", "queue", "queue-url", "role-arn", "region", "username", "password");

    /**
     * Settings no {@code application.yml} can show because they have no default anywhere: every service takes its
     * token rules from platform/security, which refuses to start without the issuer, the audience and the JWK set.
     */
    static final List<String> ALWAYS_REQUIRED =
            List.of("vodflow.security.issuer", "vodflow.security.audience", "vodflow.security.jwk-set-uri");

    /** One setting production must supply, and the environment variables that can supply it. */
    record Required(String key, String why, Set<String> variables) {}

    static List<Required> of(Path resources) throws IOException {
        return of(load(resources));
    }

    /** The service's settings as flat keys, profile files after the main one. */
    static Map<String, Object> load(Path resources) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(resources)) {
            for (Path file :
                    files.filter(RequiredSettings::isConfiguration).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    flatten("", document, settings);
                }
            }
        }
        return settings;
    }

    static List<Required> of(Map<String, Object> settings) {
        List<Required> required = new ArrayList<>();
        for (String key : ALWAYS_REQUIRED) {
            required.add(new Required(key, "verifies JWTs", Set.of(variable(key))));
        }
        settings.forEach((key, value) -> {
            String text = value == null ? "" : value.toString();
            Set<String> variables = new LinkedHashSet<>(List.of(variable(key)));
            String why = null;
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                String name = placeholder.group(1);
                variables.add(name);
                // a placeholder naming another property is supplied by that property's environment variable
                variables.add(variable(name));
                boolean noDefault = placeholder.group(2) == null && !settings.containsKey(name);
                boolean emptyDefault =
                        placeholder.group(2) != null && placeholder.group(3).isBlank();
                if (noDefault || emptyDefault) {
                    why = "placeholder ${" + name + "} has no default";
                }
            }
            if (why == null && LOCAL.matcher(text).find()) {
                why = "points at the local machine: " + text;
            }
            if (why == null && BOUND_TO_DEPLOYMENT.contains(key.substring(key.lastIndexOf('.') + 1))) {
                why = "names a resource or credential of the deployment";
            }
            if (why != null) {
                required.add(new Required(key, why, variables));
            }
        });
        return required;
    }

    /** Spring Boot's environment variable for a property: upper case, dots to underscores, dashes dropped. */
    static String variable(String key) {
        return key.replace("[", "_")
                .replace("]", "")
                .replace(".", "_")
                .replace("-", "")
                .toUpperCase(Locale.ROOT);
    }

    private static boolean isConfiguration(Path file) {
        String name = file.getFileName().toString();
        return name.equals("application.yml") || (name.startsWith("application-prod") && name.endsWith(".yml"));
    }

    private static void flatten(String prefix, Object node, Map<String, Object> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (node instanceof List<?> list && list.stream().anyMatch(e -> e instanceof Map<?, ?>)) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, node);
        }
    }

    private RequiredSettings() {}
}
