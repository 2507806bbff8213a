package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.vodflow.localaws.ParentDeath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./devstack} script and the stack's JVM it starts: a signal to the script must stop the JVM (whose shutdown
 * hook stops the stack), and a script killed outright must not leave the JVM running. Before, the script ignored TERM
 * and waited, so a stop sent to it (a supervisor's, an IDE's) left the whole stack up. The script runs here, copied
 * into a directory laid out as the repository is, with a stand-in {@code java} first on its PATH that logs the
 * signals it gets: the real stack takes a minute to start and is tried by the suites that use it.
 */
class DevstackScriptTests {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path tree;

    private Path log;
    private Process script;

    @BeforeEach
    void layOut() throws IOException {
        Files.copy(REPOSITORY.resolve("devstack"), tree.resolve("devstack"));
        Path module = Files.createDirectories(tree.resolve("platform/devstack"));
        Files.copy(REPOSITORY.resolve("platform/devstack/build-check.sh"), module.resolve("build-check.sh"));
        Path target = Files.createDirectories(module.resolve("target"));
        Files.createFile(target.resolve("devstack-0.1.0-SNAPSHOT.jar"));
        Path cds = Files.createDirectories(target.resolve("cds"));
        Files.createFile(cds.resolve("application.jsa"));
        Files.createFile(cds.resolve("extracted"));
        // newer than the jar, so the script does not extract it again
        Files.setLastModifiedTime(cds.resolve("extracted"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        log = tree.resolve("java.log");
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                # the stack's JVM, standing in: says it started, logs SIGTERM and ends as a JVM does on it
                trap 'echo "TERM $$" >> "$FAKE_JAVA_LOG"; exit 143' TERM
                echo "started $$" >> "$FAKE_JAVA_LOG"
                if [[ -n ${FAKE_JAVA_EXIT:-} ]]; then exit "$FAKE_JAVA_EXIT"; fi
                while :; do sleep 0.05; done
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Whatever a failed case left running: the script and every stand-in JVM it started. */
    @AfterEach
    void killLeftovers() throws IOException {
        if (script != null) {
            script.destroyForcibly();
        }
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("started ")) {
                    ProcessHandle.of(Long.parseLong(line.substring("started ".length())))
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    @Test
    void aTermToTheScriptStopsTheStacksJvmAndTheScriptEndsWithIt() throws Exception {
        termStopsTheJvm();
    }

    /** Without setpriv (macOS, a minimal image) the JVM runs untied, and a TERM still reaches it through the script. */
    @Test
    void aTermToTheScriptStopsTheJvmWhereSetprivIsMissing() throws Exception {
        Path setpriv = tree.resolve("bin/setpriv");
        Files.writeString(setpriv, "#!/bin/sh\necho 'setpriv: not here' >&2\nexit 127\n");
        Files.setPosixFilePermissions(setpriv, PosixFilePermissions.fromString("rwxr-xr-x"));
        termStopsTheJvm();
    }

    private void termStopsTheJvm() throws Exception {
        script = startScript(null);
        long jvm = awaitStarted();

        script.destroy(); // SIGTERM to the script alone

        assertThat(script.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .as("the script ends once the JVM has")
                .isTrue();
        assertThat(Files.readAllLines(log)).contains("TERM " + jvm);
        assertThat(script.exitValue()).isEqualTo(143);
        assertThat(ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void theStacksJvmIsStoppedWhenTheScriptIsKilledOutright() throws Exception {
        // the probe the stack's own children are tied by
        assumeThat(ParentDeath.tie(List.of("true")))
                .as("util-linux's setpriv --pdeathsig works here")
                .isNotEqualTo(List.of("true"));
        script = startScript(null);
        long jvm = awaitStarted();

        script.destroyForcibly(); // SIGKILL: the script cannot pass anything on
        script.waitFor();

        awaitLine("TERM " + jvm);
        ProcessHandle.of(jvm).ifPresent(handle -> assertThat(handle.onExit()).succeedsWithin(PATIENCE));
    }

    @Test
    void theScriptEndsWithTheJvmsOwnStatus() throws Exception {
        script = startScript("3");

        assertThat(script.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).isEqualTo(3);
        assertThat(Files.readAllLines(log)).hasSize(1).allMatch(line -> line.startsWith("started "));
    }

    private Process startScript(String javaExits) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", tree.resolve("devstack").toString())
                .redirectErrorStream(true)
                .redirectOutput(tree.resolve("script.log").toFile());
        builder.environment().put("PATH", tree.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("VODFLOW_BUILD", "never");
        builder.environment().put("FAKE_JAVA_LOG", log.toString());
        if (javaExits != null) {
            builder.environment().put("FAKE_JAVA_EXIT", javaExits);
        }
        return builder.start();
    }

    private long awaitStarted() throws Exception {
        String line = awaitLine("started ");
        return Long.parseLong(line.substring("started ".length()));
    }

    private String awaitLine(String prefix) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line starting '" + prefix + "' in the stand-in JVM's log within " + PATIENCE
                + "; the script said: " + Files.readString(tree.resolve("script.log")));
    }
}
