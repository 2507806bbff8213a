package dev.vodflow.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How every service's Kafka clients (Spring Kafka and the Spring Cloud Stream binder, which reads the same
 * {@code spring.kafka.*} properties) reach MSK: TLS with IAM authentication through the {@code aws-msk-iam-auth}
 * login module, credentials from the task role.
 */
final class KafkaClient {

    static Map<String, String> environment(String bootstrapServers) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_KAFKA_BOOTSTRAPSERVERS", bootstrapServers);
        environment.put("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", bootstrapServers);
        environment.put("SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL");
        environment.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "AWS_MSK_IAM");
        environment.put(
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "software.amazon.msk.auth.iam.IAMLoginModule required;");
        environment.put(
                "SPRING_KAFKA_PROPERTIES_SASL_CLIENT_CALLBACK_HANDLER_CLASS",
                "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        return environment;
    }

    private KafkaClient() {}
}
