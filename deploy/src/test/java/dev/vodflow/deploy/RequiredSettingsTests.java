package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequiredSettingsTests {

    @Test
    void findsPlaceholdersWithoutDefaultsLocalEndpointsAndResourceNames() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.application.name", "x-service");
        settings.put("spring.kafka.consumer.group-id", "${spring.application.name}");
        settings.put("vodflow.tracing.endpoint", "${OTLP_ENDPOINT}");
        settings.put("vodflow.token.audience", "${TOKEN_AUDIENCE:}");
        settings.put("vodflow.timeout", "${TIMEOUT:5s}");
        settings.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/x");
        settings.put("vodflow.aws.s3.bucket", "vodflow-media");
        settings.put("server.port", 8081);

        List<String> keys = RequiredSettings.of(settings).stream()
                .map(RequiredSettings.Required::key)
                .toList();

        assertThat(keys)
                .containsExactly(
                        "vodflow.security.issuer",
                        "vodflow.security.audience",
                        "vodflow.security.jwk-set-uri",
                        "vodflow.tracing.endpoint",
                        "vodflow.token.audience",
                        "spring.datasource.url",
                        "vodflow.aws.s3.bucket");
    }

    @Test
    void acceptsThePropertysOwnVariableOrThePlaceholdersName() {
        var required =
                RequiredSettings.of(Map.of("vodflow.aws.sqs.s3-events-queue-url", "${QUEUE_URL:http://localhost}"));
        assertThat(required.get(RequiredSettings.ALWAYS_REQUIRED.size()).variables())
                .containsExactly("VODFLOW_AWS_SQS_S3EVENTSQUEUEURL", "QUEUE_URL");
    }
}
