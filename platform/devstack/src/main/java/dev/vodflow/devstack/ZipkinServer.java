package dev.vodflow.devstack;

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

    private static final Duration STARTS_WITHIN = Duration.ofMinutes(2);

    private final Process process;
    private final Path log;

    private ZipkinServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts Zipkin without waiting for it: the services send spans in the background and retry, so the stack waits
     * for Zipkin ({@link #awaitUp()}) alongside the services rather than before them.
     */
    static ZipkinServer start(Path repository, Path logDirectory) throws IOException {
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
                        "--armeria.ports[0].port=" + PORT,
                        "--armeria.ports[0].protocols[0]=http"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("MEM_MAX_SPANS", "200000");
        return new ZipkinServer(builder.start(), log);
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
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/health"))
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
        return "Zipkin on " + URL;
    }
}
