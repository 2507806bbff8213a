package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vodflow.localaws.VodflowService;
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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The top-level {@code docker-compose.yml}: valid Compose, every service of the repository in it with the
 * settings it needs in a container, and only images the build makes or official upstream ones. Read from the
 * repository (not copied), so a service another change adds, or a required setting, fails here until the
 * compose file has it.
 */
class ComposeFileTests {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Path COMPOSE_FILE = REPOSITORY.resolve("docker-compose.yml");
    private static final Pattern REQUIRED_PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)}");
    private static final Pattern VARIABLE_WITH_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");
    private static final Pattern PLACEHOLDER_WITH_DEFAULT = Pattern.compile("\\$\\{([^}:]+):");
    /** Upstream images the compose file may name besides Docker Official Images (which have no namespace). */
    private static final Set<String> OFFICIAL_PUBLISHERS = Set.of("apache/kafka");

    @Test
    void followsTheComposeSpecification() throws IOException {
        assertThat(violations(compose())).isEmpty();
    }

    @Test
    void specificationRefusesAMisspeltKey() throws IOException {
        Map<String, Object> compose = compose();
        Map<String, Object> gateway = service(compose, "gateway");
        gateway.put("helthcheck", gateway.remove("healthcheck"));
        assertThat(violations(compose)).anyMatch(message -> message.contains("helthcheck"));
    }

    @Test
    void everyServiceOfTheRepositoryRuns() throws IOException {
        assertThat(services(compose()).keySet()).containsAll(serviceModules().keySet());
    }

    @Test
    void everyServiceGetsItsRequiredSettingsFromItsEnvironment() throws IOException {
        Map<String, Object> compose = compose();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Path> module : serviceModules().entrySet()) {
            Set<String> environment =
                    environment(service(compose, module.getKey())).keySet();
            missing.addAll(missingSettings(module.getKey(), module.getValue(), environment));
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void aSettingLeftPointingAtTheHostIsReported() throws IOException {
        Map.Entry<String, Path> upload = Map.entry("upload-service", REPOSITORY.resolve("upload-service"));
        Set<String> environment = new LinkedHashSet<>(
                environment(service(compose(), upload.getKey())).keySet());
        environment.remove("SPRING_DATASOURCE_URL");
        environment.remove("VODFLOW_SECURITY_AUDIENCE");
        assertThat(missingSettings(upload.getKey(), upload.getValue(), environment))
                .anyMatch(m -> m.contains("spring.datasource.url"))
                .anyMatch(m -> m.contains("JWT") && m.contains("VODFLOW_SECURITY_AUDIENCE"));
    }

    @Test
    void everyImageIsBuiltByTheBuildOrIsAnOfficialPinnedOne() throws IOException {
        Set<String> built = builtImages();
        assertThat(built)
                .contains(
                        "vodflow/gateway",
                        "vodflow/local-aws",
                        "vodflow/upload-service",
                        "vodflow/transcode-orchestrator",
                        "vodflow/catalog-service",
                        "vodflow/notification-service",
                        "vodflow/playback-service");
        for (Map.Entry<String, Map<String, Object>> service :
                services(compose()).entrySet()) {
            String image = (String) service.getValue().get("image");
            assertThat(image).as(service.getKey() + " names an image").isNotNull();
            if (image.startsWith("vodflow/")) {
                assertThat(built).as(service.getKey() + "'s image").contains(image);
            } else {
                String repository = image.substring(0, image.indexOf(':') < 0 ? image.length() : image.indexOf(':'));
                assertThat(!repository.contains("/") || OFFICIAL_PUBLISHERS.contains(repository))
                        .as(service.getKey() + ": " + image + " is neither built here nor an official image")
                        .isTrue();
                assertThat(image).as(service.getKey() + " pins a version").matches(".+:[0-9][^:]*");
            }
        }
    }

    @Test
    void servicesUseTheDevStacksPortsAndDatabases() throws IOException {
        Map<String, Object> compose = compose();
        String initScript = Files.readString(REPOSITORY.resolve("compose/postgres/create-databases.sql"));
        for (VodflowService devService : DevStack.SERVICES) {
            Map<String, Object> service = service(compose, devService.name());
            assertThat(ports(service)).as(devService.name()).containsExactly(devService.port());
            assertThat(environment(service))
                    .as(devService.name())
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/" + devService.database());
            assertThat(initScript).contains("CREATE DATABASE " + devService.database() + ";");
        }
        assertThat(ports(service(compose, "gateway"))).containsExactly(8080);
        assertThat(ports(service(compose, "cdn"))).containsExactly(DevStack.CDN_PORT);
    }

    @Test
    void theGatewayListensBeyondItsContainersLoopback() throws IOException {
        // gateway.yml binds ./devstack's gateway to 127.0.0.1, which neither a published port nor the services reach
        assertThat(Files.readString(REPOSITORY.resolve("platform/devstack/src/main/resources/gateway.yml")))
                .contains("address: 127.0.0.1");
        assertThat(environment(service(compose(), "gateway"))).containsEntry("SERVER_ADDRESS", "0.0.0.0");
    }

    /** What a service would miss in a container, as messages; empty when its environment sets it all. */
    private static List<String> missingSettings(String name, Path module, Set<String> environment) throws IOException {
        List<String> missing = new ArrayList<>();
        Map<String, String> settings = applicationSettings(module);
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            Matcher placeholder = REQUIRED_PLACEHOLDER.matcher(setting.getValue());
            while (placeholder.find()) {
                String required = placeholder.group(1);
                if (!settings.containsKey(required)
                        && !environment.contains(required)
                        && !environment.contains(environmentVariable(required))) {
                    missing.add(name + ": " + setting.getKey() + " needs " + required + ", which has no default");
                }
            }
            Matcher overridable = PLACEHOLDER_WITH_DEFAULT.matcher(setting.getValue());
            boolean placeholderSet = overridable.find() && environment.contains(overridable.group(1));
            if (setting.getValue().matches(".*(localhost|127\\.0\\.0\\.1).*")
                    && !placeholderSet
                    && !environment.contains(environmentVariable(setting.getKey()))) {
                missing.add(name + ": " + setting.getKey() + " points at the container itself (" + setting.getValue()
                        + "); set " + environmentVariable(setting.getKey()));
            }
        }
        // platform/security's token settings have no defaults at all: a service using it does not start without them
        if (Files.readString(module.resolve("pom.xml")).contains("<artifactId>security</artifactId>")) {
            Stream.of("VODFLOW_SECURITY_ISSUER", "VODFLOW_SECURITY_AUDIENCE", "VODFLOW_SECURITY_JWKSETURI")
                    .filter(variable -> !environment.contains(variable))
                    .forEach(
                            variable -> missing.add(name + ": the JWT settings of platform/security need " + variable));
        }
        return missing;
    }

    /** The environment variable Spring Boot binds to a property (relaxed binding). */
    static String environmentVariable(String property) {
        return property.replaceAll("\\[(\\d+)]", ".$1")
                .replace("-", "")
                .replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** The repository's services: the modules with a Spring Boot application.yml, by module directory name. */
    private static Map<String, Path> serviceModules() throws IOException {
        Map<String, Path> modules = new TreeMap<>();
        try (Stream<Path> directories = Files.list(REPOSITORY)) {
            directories
                    .filter(d -> Files.exists(d.resolve("pom.xml")))
                    .filter(d -> Files.exists(d.resolve("src/main/resources/application.yml")))
                    .forEach(d -> modules.put(d.getFileName().toString(), d));
        }
        assertThat(modules).as("service modules under " + REPOSITORY).isNotEmpty();
        return modules;
    }

    /** Every setting of the module's application*.yml files, flattened to property names. */
    private static Map<String, String> applicationSettings(Path module) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(module.resolve("src/main/resources"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml"))
                    .toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    flatten("", document, settings);
                }
            }
        }
        return settings;
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, String.valueOf(value));
        }
    }

    /** The images the build makes: vodflow/ plus each module's image name, for modules with Jib on. */
    private static Set<String> builtImages() throws IOException {
        Set<String> images = new LinkedHashSet<>();
        Matcher modules =
                Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(REPOSITORY.resolve("pom.xml")));
        while (modules.find()) {
            String pom = Files.readString(REPOSITORY.resolve(modules.group(1)).resolve("pom.xml"));
            if (pom.contains("<jib.skip>false</jib.skip>")) {
                Matcher name = Pattern.compile("<vodflow.image.name>([^<]+)</vodflow.image.name>")
                        .matcher(pom);
                Matcher artifact = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>")
                        .matcher(pom);
                assertThat(artifact.find())
                        .as(modules.group(1) + "'s artifactId")
                        .isTrue();
                images.add("vodflow/" + (name.find() ? name.group(1) : artifact.group(1)));
            }
        }
        return images;
    }

    private static List<String> violations(Map<String, Object> compose) throws IOException {
        JsonNode document = new ObjectMapper().valueToTree(compose);
        // loaded from its file URI, against which the schema's relative $id resolves
        JsonSchema spec = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(
                        REPOSITORY.resolve("compose/schema/compose-spec.json").toUri());
        return spec.validate(document).stream()
                .map(ValidationMessage::getMessage)
                .toList();
    }

    /** The compose file as docker-compose reads it: anchors and merge keys resolved. */
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(COMPOSE_FILE));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        Map<String, Object> service = services(compose).get(name);
        assertThat(service).as("service " + name + " in docker-compose.yml").isNotNull();
        return service;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        return environment == null ? Map.of() : (Map<String, Object>) environment;
    }

    /** The host ports a service publishes by default ("127.0.0.1:${VODFLOW_UPLOAD_PORT:-8081}:8081" gives 8081). */
    private static List<Integer> ports(Map<String, Object> service) {
        @SuppressWarnings("unchecked")
        List<Object> ports = (List<Object>) service.getOrDefault("ports", List.of());
        return ports.stream()
                .map(port -> VARIABLE_WITH_DEFAULT.matcher(port.toString()).replaceAll("$1"))
                .map(port -> port.split(":"))
                .map(parts -> Integer.valueOf(parts[parts.length - 2]))
                .toList();
    }
}
