package dev.vodflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the wire format both ways with the JSON mapper Spring Boot gives the services: each record writes
 * exactly its golden file, each golden file reads back to an equal record, and each golden file satisfies
 * the published JSON Schema.
 */
class GoldenJsonTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    static Stream<VodflowEvent> events() {
        return EventFixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("events")
    void recordWritesItsGoldenJson(VodflowEvent event) throws IOException {
        String written = mapper.writeValueAsString(event);
        assertThat(mapper.readTree(written)).isEqualTo(mapper.readTree(golden(event)));
    }

    @ParameterizedTest
    @MethodSource("events")
    void goldenJsonReadsBackToTheRecord(VodflowEvent event) throws IOException {
        Object read = mapper.readValue(golden(event), EventType.of(event).payloadClass());
        assertThat(read).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void goldenJsonSatisfiesTheSchema(VodflowEvent event) throws IOException {
        JsonSchema schema = schema(EventType.of(event));
        Set<ValidationMessage> errors = schema.validate(new ObjectMapper().readTree(golden(event)));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("events")
    void schemaRefusesAPayloadWithoutItsVideoId(VodflowEvent event) throws IOException {
        JsonSchema schema = schema(EventType.of(event));
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(golden(event));
        node.remove("videoId");
        assertThat(schema.validate(node))
                .extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("videoId"));
    }

    private static JsonSchema schema(EventType type) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema " + type.schemaResource()).isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
    }

    private static String golden(VodflowEvent event) throws IOException {
        String name = "/golden/" + EventType.of(event).type() + ".json";
        try (InputStream in = GoldenJsonTests.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
