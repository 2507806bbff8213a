package dev.vodflow.devstack;

import dev.vodflow.localaws.ParentDeath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One vodflow service running as its own JVM from its own executable jar, with its own main and its own
 * {@code application.yml}; the stack only passes endpoints on the command line. Output goes to a log file.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Path log;
    private final Path recordedArchive;
    private volatile Process process;

    private ServiceProcess(String name, int port, List<String> command, Path log, Path recordedArchive)
            throws IOException {
        this.name = name;
        this.port = port;
        this.command = List.copyOf(command);
        this.log = log;
        this.recordedArchive = recordedArchive;
        this.process = launch();
    }

    /** A process of {@code command} (any program), as {@link #start} makes one of a service's jar. */
    static ServiceProcess of(String name, int port, List<String> command, Path log) throws IOException {
        return new ServiceProcess(name, port, command, log, null);
    }

    /** Output is appended: a restarted service's log follows on from the killed one's. */
    private Process launch() throws IOException {
        // tied to the stack's JVM: a stack whose JVM is killed outright leaves no service running on its port
        return ParentDeath.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
    }

    static ServiceProcess start(String name, Path jar, int port, List<String> arguments, Path logDirectory)
            throws IOException {
        return start(name, jar, port, arguments, logDirectory, true);
    }

    /**
     * @param recordArchive whether this JVM may record the jar's class data sharing archive when there is none yet:
     *     of two JVMs of one jar only one may, or both would write the same file as they stop
     */
    static ServiceProcess start(
            String name, Path jar, int port, List<String> arguments, Path logDirectory, boolean recordArchive)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    name + " is not built: " + jar + " is missing (run ./mvnw package -DskipTests)");
        }
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(javaOptions(System.getenv("VODFLOW_SERVICE_JAVA_OPTS")));
        Path recordedArchive = classDataSharing(jar, command, recordArchive);
        command.add("--server.port=" + port);
        command.addAll(arguments);
        Files.deleteIfExists(log);
        return new ServiceProcess(name, port, command, log, recordedArchive);
    }

    /**
     * The services' JVM options: by default small and quick to start (C1 only, the serial collector, 384 MB heaps: six
     * services share a laptop); {@code VODFLOW_SERVICE_JAVA_OPTS} replaces them, for example with production's
     * settings when measuring ({@code ./bench}).
     */
    static List<String> javaOptions(String configured) {
        if (configured == null || configured.isBlank()) {
            // the heap grows from 64 MB as the service needs it, rather than starting at 1/64 of the machine's memory
            return List.of("-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms64m", "-Xmx384m");
        }
        return List.of(configured.trim().split("\\s+"));
    }

    /**
     * Class data sharing: the service runs from its jar extracted beside it ({@code target/cds/}, made again when the
     * jar changes: classes in nested jars cannot be shared), and its JVM maps the classes that an earlier run of the
     * same jar loaded from an archive instead of loading and verifying them again, a large part of a Spring Boot
     * service's start. The first run after a build records the archive when the service stops. Adds to
     * {@code command} what runs the service; returns the archive this run records, or null.
     */
    static Path classDataSharing(Path jar, List<String> command, boolean record) throws IOException {
        Path cds = jar.resolveSibling("cds");
        Path extracted = cds.resolve("application");
        Path archive = cds.resolve("application.jsa");
        Path stamp = cds.resolve("jar-stamp");
        String current = Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(current)) {
            deleteRecursively(cds);
            Files.createDirectories(cds);
            extract(jar, extracted);
            Files.writeString(stamp, current);
        }
        Path application = extracted.resolve(jar.getFileName());
        // recorded under another name, and kept only if the service stopped by itself (a killed JVM leaves half a file)
        boolean archived = Files.isRegularFile(archive);
        Path recording = archived || !record ? null : cds.resolve("application.jsa.recording");
        if (archived) {
            command.add("-XX:SharedArchiveFile=" + archive);
        } else if (recording != null) {
            command.add("-XX:ArchiveClassesAtExit=" + recording);
        }
        // an archive this JVM cannot use (another JDK) is ignored with a warning, not a failure
        command.add("-Xshare:auto");
        command.add("-jar");
        command.add(application.toString());
        return recording;
    }

    private static void extract(Path jar, Path destination) throws IOException {
        Process extract = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--destination",
                        destination.toString())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(extract.getInputStream().readAllBytes());
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                throw new IllegalStateException("could not extract " + jar + " for class data sharing: " + output);
            }
        } catch (InterruptedException e) {
            extract.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + jar, e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** The process running now (another one after a {@link #restart()}). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * {@code kill -9}: the JVM gets no chance to shut down (no graceful stop, no offsets committed at close, no
     * leaving its consumer group), as when a machine dies. Returns once the process is gone.
     */
    void kill() throws InterruptedException {
        Process running = process;
        running.descendants().forEach(ProcessHandle::destroyForcibly);
        running.destroyForcibly().waitFor();
    }

    /** Starts the service again with the same command line (port, arguments, properties); a fault test's recovery. */
    void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
        }
        process = launch();
    }

    Path log() {
        return log;
    }

    /**
     * True when this JVM runs without a class data sharing archive of its jar: the first start after a build (this JVM,
     * or the service's first instance, records one when it stops), which loads and verifies every class itself and so
     * starts slower than the runs after it.
     */
    boolean withoutArchive() {
        return withoutArchive(command);
    }

    /** Whether a service's command ({@link #classDataSharing}) leaves class data sharing without an archive. */
    static boolean withoutArchive(List<String> command) {
        return command.contains("-Xshare:auto")
                && command.stream().noneMatch(option -> option.startsWith("-XX:SharedArchiveFile="));
    }

    /** CPU time the service's JVM has used so far (user and system), or zero where the platform does not say. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** True once the service answers its health endpoint with UP; fails fast if the process died. */
    boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    name + " exited with status " + process.exitValue() + "; its log is " + log);
        }
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Asks the service to stop (SIGTERM: Spring's graceful shutdown), then forces it after 20 s (60 s when it writes
     * its class data sharing archive, which is kept only after a stop of its own).
     */
    @Override
    public void close() {
        Process process = this.process;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            // writing the class data sharing archive at exit takes longer than a plain stop
            if (process.waitFor(recordedArchive != null ? 60 : 20, TimeUnit.SECONDS)) {
                keepRecordedArchive();
            } else {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void keepRecordedArchive() {
        if (recordedArchive == null || !Files.isRegularFile(recordedArchive)) {
            return;
        }
        try {
            Files.move(
                    recordedArchive,
                    recordedArchive.resolveSibling("application.jsa"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the next start records it again
        }
    }
}
