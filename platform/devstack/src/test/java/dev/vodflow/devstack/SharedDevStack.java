package dev.vodflow.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one dev stack of a test JVM: started by the first test class that needs it, shared by every later one, and
 * stopped when the test run ends (or, at the latest, when the JVM exits). Starting the whole stack takes about as
 * long as a test class needs for its own work, so one stack per JVM instead of one per class is most of the suite's
 * time.
 *
 * <p>A test class that needs the whole stack says so, and reaches it on its usual ports ({@link DevStack#GATEWAY_URL},
 * {@link DevStack#CDN_URL}, ...):
 *
 * <pre>{@code
 * @ExtendWith(SharedDevStack.class)
 * class MyIntegrationTests {
 *     @Test
 *     void something() throws Exception {
 *         String alice = StackClient.token("alice");
 *         Path endpoints = SharedDevStack.dataDirectory().resolve("endpoints.json");
 *         ...
 *     }
 * }
 * }</pre>
 *
 * A test that needs a service set differently adds the property to {@link #SERVICE_PROPERTIES} (every class then runs
 * with it, so pick values the other classes live with) rather than starting a stack of its own. Because the stack is
 * shared, a test makes its own data (its own title, channel, user's video) and never expects an empty stack.
 */
final class SharedDevStack implements BeforeAllCallback {

    /**
     * How long playback cookies last in the tests' stack: short, so that the browser test plays past three lifetimes
     * of them in a few seconds (the page renews them in the background). Clients of the CDN in other tests take a
     * fresh session before they fetch, as the page does.
     */
    static final Duration COOKIE_LIFETIME = Duration.ofSeconds(6);

    /** The page's access tokens (not the scripts'): the browser test sees the page renew them several times. */
    static final Duration PAGE_TOKEN_LIFETIME = Duration.ofSeconds(12);

    /** The gateway (and its issuer) runs in the test JVM and reads system properties like any Spring Boot application. */
    private static final String PAGE_TOKEN_LIFETIME_PROPERTY = "vodflow.gateway.tokens.page-access-token-ttl";

    /** Per service, what every test class's stack sets on top of the service's application.yml: one list, one stack. */
    static final Map<String, Map<String, String>> SERVICE_PROPERTIES = Map.of(
            "playback-service",
            Map.of(
                    // 6 s (7 at most, rounded to 1 s steps)
                    "vodflow.playback.session-ttl",
                    COOKIE_LIFETIME.toSeconds() + "s",
                    "vodflow.playback.expiry-step",
                    "1s"));

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedDevStack.class);

    private static Running running;
    private static Throwable failed;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Running stack = running();
        // The root context's store is closed when the whole test run is over: the stack stops then, after the last
        // class that uses it, not after the first.
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(Running.class, key -> stack, Running.class);
    }

    /** The shared stack's own directory, with its data directory ({@link #dataDirectory()}) and room for test files. */
    static Path workDirectory() throws Exception {
        return running().workDirectory;
    }

    /** The shared stack's data directory ({@code .devstack/} of {@code ./devstack}): endpoints.json, logs. */
    static Path dataDirectory() throws Exception {
        return workDirectory().resolve("data");
    }

    private static synchronized Running running() throws Exception {
        if (failed != null) {
            // One failed start is reported by every class that needed the stack, without another 2-minute attempt.
            throw new IllegalStateException("the shared dev stack did not start (first failure attached)", failed);
        }
        if (running == null) {
            try {
                running = Running.start();
            } catch (Exception | Error e) {
                failed = e;
                throw e;
            }
        }
        return running;
    }

    /** A started stack and its directory; closing it more than once (end of run, then JVM exit) stops it once. */
    private static final class Running implements AutoCloseable {

        private final Path workDirectory;
        private final List<AutoCloseable> parts;
        private DevStack stack;

        private Running(Path workDirectory, List<AutoCloseable> parts) {
            this.workDirectory = workDirectory;
            this.parts = parts;
        }

        static Running start() throws Exception {
            Path work = Files.createTempDirectory("vodflow-devstack-tests-");
            DevStackSettings defaults = DevStackSettings.from(Map.of(), name -> null);
            DevStackSettings settings = new DevStackSettings(
                    work.resolve("data"),
                    System.getenv("VODFLOW_POSTGRES_URL"),
                    defaults.postgresUser(),
                    defaults.postgresPassword(),
                    defaults.kafkaPort(),
                    defaults.s3Port(),
                    defaults.sqsPort());
            Running running = new Running(work, new ArrayList<>());
            // Registered before the start: a test JVM stopped part-way through the start still stops what was started.
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shared-devstack-stop"));
            System.setProperty(PAGE_TOKEN_LIFETIME_PROPERTY, PAGE_TOKEN_LIFETIME.toSeconds() + "s");
            running.stack = DevStack.start(settings, REPOSITORY, running.parts, SERVICE_PROPERTIES);
            return running;
        }

        @Override
        public synchronized void close() {
            if (stack != null) {
                stack.close();
                stack = null;
            } else {
                // a start that failed part-way: DevStack.start has stopped its parts; anything left goes now
                List<AutoCloseable> reversed = new ArrayList<>(parts);
                Collections.reverse(reversed);
                for (AutoCloseable part : reversed) {
                    try {
                        part.close();
                    } catch (Exception e) {
                        // the JVM is on its way out; the next part still gets stopped
                    }
                }
                parts.clear();
            }
        }
    }
}
