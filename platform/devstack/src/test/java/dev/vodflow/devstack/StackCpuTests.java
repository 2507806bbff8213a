package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCpuTests {

    @Test
    void whatEachProcessUsedIsSummedByNameAndANewProcessCountsFromItsStart() {
        StackCpu.Sample before = new StackCpu.Sample(
                Map.of(1L, "postgres", 3L, "catalog-service"),
                Map.of(1L, Duration.ofMillis(10), 3L, Duration.ofMillis(100)),
                Duration.ofMillis(40),
                Duration.ofMillis(500));
        StackCpu.Sample after = new StackCpu.Sample(
                Map.of(1L, "postgres", 2L, "postgres", 3L, "catalog-service"),
                Map.of(1L, Duration.ofMillis(30), 2L, Duration.ofMillis(5), 3L, Duration.ofMillis(150)),
                Duration.ofMillis(47),
                Duration.ofMillis(501));

        Map<String, Duration> used = StackCpu.between(before, after);

        assertThat(used)
                .containsOnly(
                        Map.entry("postgres", Duration.ofMillis(25)),
                        Map.entry("catalog-service", Duration.ofMillis(50)),
                        Map.entry(StackCpu.LOAD, Duration.ofMillis(7)),
                        Map.entry(StackCpu.BENCHMARK, Duration.ofMillis(1)));
        assertThat(StackCpu.perRequest(used, 10))
                .isEqualTo("8.30 ms (catalog-service 5.00, postgres 2.50, wrk 0.70, benchmark 0.10)");
        assertThat(StackCpu.totalMillis(used, 10)).isCloseTo(8.3, within(1e-9));
    }

    @Test
    void theLoadGeneratorIsTheChildrenThisJvmWaitedForNotItsOwnThreads(@TempDir Path data) throws Exception {
        Process stack = new ProcessBuilder("sleep", "60").start();
        try {
            StackCpu cpu = new StackCpu(StackProcesses.of(stack.pid(), data));
            StackCpu.Sample start = cpu.sample();
            assertThat(start.names()).containsEntry(stack.pid(), "devstack");
            assertThat(start.used()).containsKey(stack.pid());

            long sum = 0;
            for (long i = 0; i < 300_000_000L; i++) {
                sum += i ^ (sum >>> 3);
            }
            assertThat(sum).isNotZero();
            StackCpu.Sample ownWork = cpu.sample();
            assertThat(ownWork.children()).isEqualTo(start.children());
            assertThat(ownWork.own()).isGreaterThan(start.own());

            Process burn = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
            assertThat(burn.waitFor()).isZero();
            assertThat(cpu.sample().children()).isGreaterThan(ownWork.children());
        } finally {
            stack.destroy();
        }
    }
}
