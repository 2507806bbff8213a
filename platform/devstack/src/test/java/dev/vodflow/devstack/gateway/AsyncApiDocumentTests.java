package dev.vodflow.devstack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.EventType;
import dev.vodflow.events.TopicSpec;
import dev.vodflow.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The committed event catalogue covers every topic and every event type, and points at the real schemas. */
class AsyncApiDocumentTests {

    private static final String DOCUMENT = "/static/docs/asyncapi.yaml";

    private final Map<String, Object> document = load();

    @Test
    void everyTopicIsAChannelAndNothingElseIs() {
        Set<String> addresses = channels().values().stream()
                .map(channel -> (String) channel.get("address"))
                .collect(Collectors.toSet());
        assertThat(addresses)
                .as("channels of " + DOCUMENT + " against Topics.ALL")
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().map(TopicSpec::name).toList());
    }

    @Test
    void everyEventTypeIsAMessageOnItsTopicWithItsSchema() throws IOException {
        Map<String, Map<String, Object>> messages = section(section(document, "components"), "messages");
        for (EventType type : EventType.values()) {
            Map.Entry<String, Map<String, Object>> message = messages.entrySet().stream()
                    .filter(m -> type.type().equals(m.getValue().get("name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(DOCUMENT + " has no message named " + type.type()));
            assertThat(section(message.getValue(), "payload").get("$ref"))
                    .as(type + "'s payload")
                    .isEqualTo("../schemas/" + type.type() + ".json");
            JsonNode schema = schema(type);
            assertThat(message.getValue().get("title"))
                    .as(type + "'s title against its schema")
                    .isEqualTo(schema.path("title").asString());
            Map<String, Object> channel = channels().values().stream()
                    .filter(c -> type.topic().equals(c.get("address")))
                    .findFirst()
                    .orElseThrow();
            assertThat(section(channel, "messages").values())
                    .as(type.topic() + " lists " + type.type())
                    .anySatisfy(ref -> assertThat(((Map<?, ?>) ref).get("$ref"))
                            .isEqualTo("#/components/messages/" + message.getKey()));
        }
    }

    @Test
    void everyChannelHasAConsumeOperationAndEveryReferenceResolves() {
        Map<String, Map<String, Object>> operations = section(document, "operations");
        for (String channel : channels().keySet()) {
            assertThat(operations.values()).as("an operation on " + channel).anySatisfy(operation -> assertThat(
                            section(operation, "channel").get("$ref"))
                    .isEqualTo("#/channels/" + channel));
        }
        String text = text();
        java.util.regex.Matcher references =
                java.util.regex.Pattern.compile("\\$ref: '#/([^']+)'").matcher(text);
        while (references.find()) {
            Object target = document;
            for (String part : references.group(1).split("/")) {
                target = ((Map<?, ?>) target).get(part);
                assertThat(target).as("#/" + references.group(1)).isNotNull();
            }
        }
    }

    @Test
    void whatASubscriberNeedsIsWrittenDown() {
        String description = (String) section(document, "info").get("description");
        assertThat(description)
                .contains("keyed by the video id")
                .contains("ce_id", "ce_type", "ce_source", "ce_time", "ce_specversion")
                .contains("traceparent")
                .contains("At least once")
                .contains("<topic>.<group>.dlt")
                .contains("spring.application.name")
                .contains("offset 0");
    }

    private Map<String, Map<String, Object>> channels() {
        return section(document, "channels");
    }

    private static JsonNode schema(EventType type) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            assertThat(in).as(type.schemaResource()).isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> section(Map<String, ?> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return new HashMap<>((Map<String, T>) value);
    }

    private static String text() {
        try (InputStream in = AsyncApiDocumentTests.class.getResourceAsStream(DOCUMENT)) {
            assertThat(in).as(DOCUMENT + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> load() {
        return new Yaml().load(text());
    }
}
