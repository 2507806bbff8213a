package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTests {

    @Test
    void servicesRunSmallUnlessTold() {
        assertThat(ServiceProcess.javaOptions(null))
                .containsExactly("-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms64m", "-Xmx384m");
        assertThat(ServiceProcess.javaOptions("  ")).contains("-XX:TieredStopAtLevel=1");
    }

    @Test
    void configuredOptionsReplaceTheDefaults() {
        assertThat(ServiceProcess.javaOptions(" -XX:+UseG1GC   -Xmx1g ")).containsExactly("-XX:+UseG1GC", "-Xmx1g");
    }

    @Test
    void aServiceWithoutItsJarsArchiveIsTold() {
        List<String> shared = List.of("java", "-XX:SharedArchiveFile=cds/application.jsa", "-Xshare:auto", "-jar", "a");
        List<String> recording =
                List.of("java", "-XX:ArchiveClassesAtExit=cds/application.jsa.recording", "-Xshare:auto", "-jar", "a");
        // a second instance of a jar without an archive: the first instance records it
        List<String> second = List.of("java", "-Xshare:auto", "-jar", "a");

        assertThat(ServiceProcess.withoutArchive(shared)).isFalse();
        assertThat(ServiceProcess.withoutArchive(recording)).isTrue();
        assertThat(ServiceProcess.withoutArchive(second)).isTrue();
        assertThat(ServiceProcess.withoutArchive(List.of("sh", "-c", "sleep 1")))
                .isFalse();
    }

    @Test
    void aKilledServiceIsDeadUntilRestartedWithTheSameCommand(@TempDir Path logs) throws Exception {
        ServiceProcess service = ServiceProcess.of(
                "sleeper", 1, List.of("sh", "-c", "echo started; exec sleep 600"), logs.resolve("sleeper.log"));
        try {
            ProcessHandle first = service.handle();
            assertThat(first.isAlive()).isTrue();
            // killed before its shell has echoed, the first process would leave nothing in the log to append to
            await().until(
                            () -> Files.readAllLines(logs.resolve("sleeper.log")),
                            lines -> lines.equals(List.of("started")));

            service.kill();

            assertThat(first.isAlive()).isFalse();
            assertThatThrownBy(service::healthy)
                    .hasMessageContaining("sleeper exited with status 137")
                    .hasMessageContaining("sleeper.log");

            service.restart();

            assertThat(service.handle().pid()).isNotEqualTo(first.pid());
            assertThat(service.handle().isAlive()).isTrue();
            assertThatThrownBy(service::restart).hasMessageContaining("still running");
            // the restarted process appends to the log the killed one wrote
            await().until(
                            () -> Files.readAllLines(logs.resolve("sleeper.log")),
                            lines -> lines.equals(List.of("started", "started")));
        } finally {
            service.close();
        }
        assertThat(service.handle().isAlive()).isFalse();
    }
}
