package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
