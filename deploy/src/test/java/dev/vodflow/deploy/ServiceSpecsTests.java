package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@link ServiceSpecs} against the services' own source: the topics each one reads are what its Kafka listeners and
 * Spring Cloud Stream bindings name, and its port is its {@code server.port}. Every Kafka grant and dead-letter topic of
 * the stack derives from these lists, so a listener added to a service without being added here fails the build.
 */
class ServiceSpecsTests {

    static final List<ServiceSpec> SERVICES = ServiceSpecs.ALL;

    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\((.*?)\\)\\s*\\n", Pattern.DOTALL);
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("Topics\\.([A-Z_]+)");

    @ParameterizedTest
    @FieldSource("SERVICES")
    void consumesExactlyWhatItsListenersAndBindingsRead(ServiceSpec service) throws Exception {
        TreeSet<String> read = new TreeSet<>();
        Path sources = Path.of("..", service.name(), "src", "main", "java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher listener = LISTENER.matcher(Files.readString(file));
                while (listener.find()) {
                    Matcher constant = TOPIC_CONSTANT.matcher(listener.group(1));
                    while (constant.find()) {
                        read.add((String)
                                Topics.class.getField(constant.group(1)).get(null));
                    }
                }
            }
        }
        read.addAll(bindingDestinations(service));
        assertThat(read).as(service.name()).containsExactlyInAnyOrderElementsOf(service.consumes());
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void listensOnItsOwnPort(ServiceSpec service) throws IOException {
        Map<String, Object> settings = RequiredSettings.load(Path.of("..", service.name(), "src", "main", "resources"));
        assertThat(settings.get("server.port")).as(service.name()).isEqualTo(service.port());
        assertThat(settings.get("spring.application.name")).isEqualTo(service.name());
    }

    /** Spring Cloud Stream input bindings' destinations (comma-separated lists); patterns are not topics. */
    private static List<String> bindingDestinations(ServiceSpec service) throws IOException {
        Map<String, Object> settings = RequiredSettings.load(Path.of("..", service.name(), "src", "main", "resources"));
        List<String> destinations = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("spring.cloud.stream.bindings.")
                    && key.endsWith(".destination")
                    && key.contains("-in-")
                    && value != null
                    && !isPattern(settings, key)) {
                for (String topic : value.toString().split(",")) {
                    destinations.add(topic.trim());
                }
            }
        });
        return destinations;
    }

    private static boolean isPattern(Map<String, Object> settings, String destinationKey) {
        String binding = destinationKey
                .substring("spring.cloud.stream.bindings.".length())
                .replace(".destination", "");
        return Boolean.TRUE.equals(
                settings.get("spring.cloud.stream.kafka.bindings." + binding + ".consumer.destination-is-pattern"));
    }
}
