package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
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
                Map.of(),
                Duration.ofMillis(40),
                Duration.ofMillis(500));
        StackCpu.Sample after = new StackCpu.Sample(
                Map.of(1L, "postgres", 2L, "postgres", 3L, "catalog-service"),
                Map.of(1L, Duration.ofMillis(30), 2L, Duration.ofMillis(5), 3L, Duration.ofMillis(150)),
                Map.of(),
                Duration.ofMillis(47),
                Duration.ofMillis(501));

        StackCpu.Used used = StackCpu.between(before, after);

        assertThat(used.byName())
                .containsOnly(
                        Map.entry("postgres", Duration.ofMillis(25)),
                        Map.entry("catalog-service", Duration.ofMillis(50)),
                        Map.entry(StackCpu.LOAD, Duration.ofMillis(7)),
                        Map.entry(StackCpu.BENCHMARK, Duration.ofMillis(1)));
        assertThat(used.perRequest(10))
                .isEqualTo("8.30 ms (catalog-service 5.00, postgres 2.50, wrk 0.70, benchmark 0.10)");
        assertThat(used.totalMillis(10)).isCloseTo(8.3, within(1e-9));
    }

    @Test
    void aJvmsJitAndGcThreadsAreShownWithinItsShareAndANewThreadCountsFromItsStart() {
        StackCpu.Sample before = new StackCpu.Sample(
                Map.of(3L, "catalog-service"),
                Map.of(3L, Duration.ofMillis(100)),
                Map.of(
                        31L, new StackCpu.ThreadCpu(3, StackCpu.Part.JIT, Duration.ofMillis(20)),
                        32L, new StackCpu.ThreadCpu(3, StackCpu.Part.GC, Duration.ofMillis(4))),
                Duration.ZERO,
                Duration.ZERO);
        StackCpu.Sample after = new StackCpu.Sample(
                Map.of(3L, "catalog-service"),
                Map.of(3L, Duration.ofMillis(150)),
                Map.of(
                        31L, new StackCpu.ThreadCpu(3, StackCpu.Part.JIT, Duration.ofMillis(30)),
                        32L, new StackCpu.ThreadCpu(3, StackCpu.Part.GC, Duration.ofMillis(5)),
                        33L, new StackCpu.ThreadCpu(3, StackCpu.Part.JIT, Duration.ofMillis(6))),
                Duration.ZERO,
                Duration.ZERO);

        StackCpu.Used used = StackCpu.between(before, after);

        assertThat(used.jit()).containsOnly(Map.entry("catalog-service", Duration.ofMillis(16)));
        assertThat(used.gc()).containsOnly(Map.entry("catalog-service", Duration.ofMillis(1)));
        assertThat(used.perRequest(10)).isEqualTo("5.00 ms (catalog-service 5.00 [JIT 1.60, GC 0.10])");
        assertThat(used.plus(used).perRequest(20)).isEqualTo(used.perRequest(10));
        assertThat(used.totalMillis(10)).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void hotSpotThreadsAreToldApartByTheirNames() {
        assertThat(StackCpu.Part.of("C1 CompilerThre")).isEqualTo(StackCpu.Part.JIT);
        assertThat(StackCpu.Part.of("C2 CompilerThre")).isEqualTo(StackCpu.Part.JIT);
        assertThat(StackCpu.Part.of("VM Thread")).isEqualTo(StackCpu.Part.GC);
        assertThat(StackCpu.Part.of("GC Thread#1")).isEqualTo(StackCpu.Part.GC);
        assertThat(StackCpu.Part.of("G1 Conc#0")).isEqualTo(StackCpu.Part.GC);
        assertThat(StackCpu.Part.of("VM Periodic Tas")).isNull();
        assertThat(StackCpu.Part.of("http-nio-8080-e")).isNull();
        assertThat(StackCpu.Part.of("postgres")).isNull();
    }

    @Test
    void aRunningJvmsCompilerThreadsAreFound(@TempDir Path data) throws Exception {
        // the source launcher compiles its file with javac in the new JVM first: its compiler threads get busy
        Path program = Files.writeString(
                data.resolve("Wait.java"),
                "class Wait { public static void main(String[] a) throws Exception { Thread.sleep(60_000); } }");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", program.toString()).start();
        try {
            StackCpu cpu = new StackCpu(StackProcesses.of(jvm.pid(), data));
            StackCpu.Sample start = new StackCpu.Sample(Map.of(), Map.of(), Map.of(), Duration.ZERO, Duration.ZERO);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            StackCpu.Used used;
            do {
                Thread.sleep(200);
                used = StackCpu.between(start, cpu.sample());
            } while (used.jit().getOrDefault("devstack", Duration.ZERO).isZero() && System.nanoTime() < deadline);

            assertThat(used.jit().get("devstack")).isPositive();
            assertThat(used.jit().get("devstack"))
                    .isLessThanOrEqualTo(used.byName().get("devstack"));
            assertThat(used.gc()).containsKey("devstack"); // the VM thread, busy or not
            assertThat(used.gc()).containsKey(StackCpu.BENCHMARK); // and this JVM's
        } finally {
            jvm.destroy();
            jvm.waitFor(); // reaped, and its CPU counted as this JVM's children's, before the next test samples
        }
    }

    @Test
    void theLoadGeneratorIsTheChildrenThisJvmWaitedForNotItsOwnThreads(@TempDir Path data) throws Exception {
        // Every earlier child of this JVM reaped first: the JDK reaps a destroyed process on a thread of its own, and
        // one reaped between the first two samples (an earlier test's JVM, 0.28 s of CPU) counted as children's CPU.
        long quiet = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.current().children().findAny().isPresent() && System.nanoTime() < quiet) {
            Thread.sleep(50);
        }
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
            stack.waitFor();
        }
    }
}
