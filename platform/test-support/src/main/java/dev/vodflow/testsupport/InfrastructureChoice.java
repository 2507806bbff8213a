package dev.vodflow.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;

/**
 * Which Kafka and PostgreSQL the integration tests run on: Testcontainers' (the official images) when a Docker API is
 * reachable, else the in-JVM stand-ins. {@value #PROPERTY} (or the variable {@value #VARIABLE}) forces either with
 * {@code containers} or {@code in-jvm}; {@code auto}, the default, asks Docker only where a Docker API is configured or
 * its socket exists, so machines without one pay nothing for the question.
 */
record InfrastructureChoice(Kind kind, String reason) {

    static final String PROPERTY = "vodflow.test.infrastructure";
    static final String VARIABLE = "VODFLOW_TEST_INFRASTRUCTURE";
    private static final String FORCED = PROPERTY + " (or " + VARIABLE + ") = ";

    enum Kind {
        CONTAINERS,
        IN_JVM
    }

    /** The choice for this JVM, from its system properties, environment and Docker. */
    static InfrastructureChoice resolve() {
        String requested = Optional.ofNullable(System.getProperty(PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(VARIABLE)))
                .orElse("auto");
        return resolve(requested, InfrastructureChoice::dockerEndpoints, endpoints -> DockerClientFactory.instance()
                .isDockerAvailable());
    }

    /**
     * @param endpoints where a Docker API is configured or its socket exists, empty when nowhere
     * @param reachable whether Testcontainers reaches a Docker API (asked only when {@code endpoints} names one)
     */
    static InfrastructureChoice resolve(
            String requested, Supplier<List<String>> endpoints, Predicate<List<String>> reachable) {
        String value = requested.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "containers":
                return new InfrastructureChoice(Kind.CONTAINERS, FORCED + "containers");
            case "in-jvm":
                return new InfrastructureChoice(Kind.IN_JVM, FORCED + "in-jvm");
            case "auto":
            case "":
                List<String> found = endpoints.get();
                if (found.isEmpty()) {
                    return new InfrastructureChoice(
                            Kind.IN_JVM,
                            "no Docker API configured (DOCKER_HOST, ~/.testcontainers.properties) or found"
                                    + " (/var/run/docker.sock)");
                }
                if (!reachable.test(found)) {
                    return new InfrastructureChoice(Kind.IN_JVM, "no Docker API answers at " + found);
                }
                return new InfrastructureChoice(Kind.CONTAINERS, "a Docker API answers at " + found);
            default:
                throw new IllegalArgumentException(PROPERTY + " (or " + VARIABLE + ") must be containers, in-jvm or"
                        + " auto, was '" + requested + "'");
        }
    }

    /** Where Testcontainers would look for Docker first: a configured host, or the usual sockets that exist. */
    private static List<String> dockerEndpoints() {
        List<String> endpoints = new ArrayList<>();
        String variable = System.getenv("DOCKER_HOST");
        if (variable != null && !variable.isBlank()) {
            endpoints.add(variable);
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path properties = home.resolve(".testcontainers.properties");
        if (Files.isRegularFile(properties)) {
            Properties configured = new Properties();
            try (InputStream in = Files.newInputStream(properties)) {
                configured.load(in);
            } catch (IOException e) {
                // unreadable: as if absent
            }
            String host = configured.getProperty("docker.host");
            if (host != null && !host.isBlank()) {
                endpoints.add(host);
            }
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        List<Path> sockets =
                new ArrayList<>(List.of(Path.of("/var/run/docker.sock"), home.resolve(".docker/run/docker.sock")));
        if (runtime != null) {
            sockets.add(Path.of(runtime, "docker.sock"));
        }
        for (Path socket : sockets) {
            if (Files.exists(socket)) {
                endpoints.add("unix://" + socket);
            }
        }
        return endpoints;
    }
}
