package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackBenchmarkTests {

    private static final String HEALTHY =
            "07:09:06.335 INFO  DevStack                 %s is healthy, %s s after the stack's start, having used"
                    + " 16.7 CPU-seconds%s%n";

    @Test
    void theStartRowNamesTheJvmsThatStartedWithoutAnArchive() {
        String log = HEALTHY.formatted("transcode-orchestrator", "47.5", "")
                + HEALTHY.formatted("catalog-service", "79.6", " (" + DevStack.FIRST_START_OF_BUILD + ")")
                + "07:09:06.700 INFO  DevStack                 the stack's own JVM: " + DevStack.FIRST_START_OF_BUILD
                + "\n07:09:06.779 INFO  DevStack                 vodflow is up in 89 s: open http://localhost:8080\n";

        StackBenchmark.Row row = StackBenchmark.startRow(log);

        assertThat(row.figure())
                .isEqualTo("89 s (first start of a build for devstack, catalog: no class data sharing archive)");
        assertThat(row.anchor()).isEqualTo("per service (s): transcode 47.5, catalog 79.6");
        assertThat(row.met()).isEqualTo("NO");
    }

    @Test
    void aStartWithEveryArchiveIsJustItsTime() {
        String log = HEALTHY.formatted("live-service", "28.9", "")
                + "07:16:27.124 INFO  DevStack                 vodflow is up in 29 s: open http://localhost:8080\n";

        StackBenchmark.Row row = StackBenchmark.startRow(log);

        assertThat(row.figure()).isEqualTo("29 s");
        assertThat(row.anchor()).isEqualTo("per service (s): live 28.9");
        assertThat(row.met()).isEqualTo("yes");
    }

    @Test
    void noRowBeforeTheStackIsUp() {
        assertThat(StackBenchmark.startRow(HEALTHY.formatted("live-service", "28.9", "")))
                .isNull();
    }

    @Test
    void theServicesOptionsAreThoseBeforeTheirClassDataSharingAndJar() {
        String jar = "catalog-service/target/cds/application/catalog-service-0.1.0-SNAPSHOT.jar";
        String[] production = {
            "-XX:+UseG1GC", "-Xmx1g", "-XX:SharedArchiveFile=cds/application.jsa", "-Xshare:auto", "-jar", jar
        };
        String[] recording = {"-Xmx384m", "-XX:ArchiveClassesAtExit=cds/application.jsa.recording", "-jar", jar};
        String[] second = {"-Xss512k", "-Xshare:auto", "-jar", jar, "--server.port=8083"};

        assertThat(StackBenchmark.jvmOptions(production)).containsExactly("-XX:+UseG1GC", "-Xmx1g");
        assertThat(StackBenchmark.jvmOptions(recording)).containsExactly("-Xmx384m");
        assertThat(StackBenchmark.jvmOptions(second)).containsExactly("-Xss512k");
    }
}
