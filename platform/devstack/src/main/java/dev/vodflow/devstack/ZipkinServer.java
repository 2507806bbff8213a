package dev.vodflow.devstack;

import dev.vodflow.localaws.ParentDeath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The trace viewer: Zipkin's own executable jar (copied to {@code platform/devstack/target/zipkin} by the build) as a
 * child process on port 9411, keeping spans in memory. The services export to it; a developer opens its UI to follow
 * an upload by its trace id.
 */
final class ZipkinServer implements AutoCloseable {

    static final int PORT = 9411;
    static final String URL = "http://localhost:" + PORT;
    /** Where the services send spans (management.tracing.export.zipkin.endpoint). */
    static final String SPANS_ENDPOINT = "http://127.0.0.1:" + PORT + "/api/v2/spans";

    /**
     * Spans kept in memory, the oldest traces dropped beyond it. Sized to the heap: a span of the services takes about
     * 3 KB of Zipkin's heap with its indexes (after 245,000 spans of benchmark traffic, holding 30,000: 115 MB of the
     * 171 MB old generation after a full collection), so 20,000 spans (a few hundred uploads' traces) leave half of
     * it free. Zipkin's own default (500,000) and this class's earlier 200,000 do not fit: under sustained traffic (a
     * benchmark, a replay) the heap filled, the JVM spent minutes in back-to-back full collections (603 in 10 minutes,
     * 417 s of GC), taking CPU from the whole stack, and then died of OutOfMemoryError.
     */
    static final int MAX_SPANS = 20_000;

    private static final Duration STARTS_WITHIN = Duration.ofMinutes(2);

    private final Process process;
    private final Path log;
    private final int port;

    private ZipkinServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts Zipkin without waiting for it: the services send spans in the background and retry, so the stack waits
     * for Zipkin ({@link #awaitUp()}) alongside the services rather than before them.
     */
    static ZipkinServer start(Path repository, Path logDirectory) throws IOException {
        return start(repository, logDirectory, PORT);
    }

    static ZipkinServer start(Path repository, Path logDirectory, int port) throws IOException {
        Path jar = repository.resolve("platform/devstack/target/zipkin/zipkin-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "Zipkin is not there: " + jar + " is missing (./mvnw -pl platform/devstack generate-resources)");
        }
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve("zipkin.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-jar",
                        jar.toString(),
                        // this machine only, like the rest of the stack
                        "--armeria.ports[0].ip=127.0.0.1",
                        "--armeria.ports[0].port=" + port,
                        "--armeria.ports[0].protocols[0]=http"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("MEM_MAX_SPANS", Integer.toString(MAX_SPANS));
        return new ZipkinServer(ParentDeath.start(builder), log, port); // dies with the stack's JVM
    }

    /** Waits until Zipkin answers; fails with its log's location if it does not. */
    void awaitUp() throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTS_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Zipkin exited with status " + process.exitValue() + "; its log is " + log);
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "Zipkin did not answer within " + STARTS_WITHIN.toSeconds() + " s; its log is " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Zipkin on http://localhost:" + port;
    }
}
