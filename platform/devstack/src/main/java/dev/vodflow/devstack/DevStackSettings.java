package dev.vodflow.devstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The stack's settings, from environment variables (or {@code -D} system properties with the same name in
 * lower case and dots, e.g. {@code vodflow.data.dir}), each with a default that works on a fresh machine.
 */
record DevStackSettings(
        Path dataDirectory,
        String postgresUrl,
        String postgresUser,
        String postgresPassword,
        int kafkaPort,
        int s3Port,
        int sqsPort) {

    static DevStackSettings from(Map<String, String> env, Function<String, String> systemProperty) {
        Function<String, String> read = name -> {
            String property = systemProperty.apply(name.toLowerCase().replace('_', '.'));
            return property != null ? property : env.get(name);
        };
        return new DevStackSettings(
                Path.of(orDefault(read.apply("VODFLOW_DATA_DIR"), ".devstack")),
                read.apply("VODFLOW_POSTGRES_URL"),
                orDefault(read.apply("VODFLOW_POSTGRES_USER"), "postgres"),
                orDefault(read.apply("VODFLOW_POSTGRES_PASSWORD"), ""),
                port(read, "VODFLOW_KAFKA_PORT", 9092),
                port(read, "VODFLOW_S3_PORT", 9000),
                port(read, "VODFLOW_SQS_PORT", 9324));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int port(Function<String, String> read, String name, int fallback) {
        String value = read.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a TCP port (1-65535), was '" + value + "'");
        }
    }
}
