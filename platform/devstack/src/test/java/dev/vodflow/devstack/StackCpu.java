package dev.vodflow.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time used by the stack's processes ({@link StackProcesses}), summed by name, by the load generator (the
 * processes this JVM started and has waited for: wrk, from its own {@code /proc/self/stat}) and by this JVM itself
 * (the webhook row's receiver and producer). Two samples around a measured run give what a request cost the whole
 * machine, and where. Linux only.
 */
final class StackCpu {

    /** The load generator's name in a breakdown. */
    static final String LOAD = "wrk";

    /** This JVM's name in a breakdown. */
    static final String BENCHMARK = "benchmark";

    private final StackProcesses processes;
    private final long ticksPerSecond;

    StackCpu(StackProcesses processes) {
        this.processes = processes;
        this.ticksPerSecond = ticksPerSecond();
    }

    /** CPU used so far: by each process of the stack now (pid and name), by this JVM's waited-for children, by itself. */
    record Sample(Map<Long, String> names, Map<Long, Duration> used, Duration children, Duration own) {}

    Sample sample() {
        Map<Long, String> names = processes.now();
        Map<Long, Duration> used = new HashMap<>();
        names.keySet().forEach(pid -> ProcessHandle.of(pid)
                .flatMap(process -> process.info().totalCpuDuration())
                .ifPresent(cpu -> used.put(pid, cpu)));
        return new Sample(
                names,
                used,
                children(),
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
    }

    /**
     * What each name used from {@code before} to {@code after}: a process that started in between counts from its
     * start; one that ended in between is lost (a PostgreSQL backend of a pool lives as long as the pool).
     */
    static Map<String, Duration> between(Sample before, Sample after) {
        Map<String, Duration> byName = new HashMap<>();
        after.used().forEach((pid, cpu) -> {
            Duration spent = cpu.minus(before.used().getOrDefault(pid, Duration.ZERO));
            byName.merge(after.names().get(pid), spent, Duration::plus);
        });
        byName.put(LOAD, after.children().minus(before.children()));
        byName.put(BENCHMARK, after.own().minus(before.own()));
        return byName;
    }

    /**
     * "1.10 ms (catalog-service 0.64, postgres 0.28, ...)": {@code used} over {@code requests} (or deliveries), the
     * biggest parts first; those under 0.01 ms each are summed as "others".
     */
    static String perRequest(Map<String, Duration> used, long requests) {
        Map<String, Double> millis = new LinkedHashMap<>();
        used.entrySet().stream()
                .sorted(Map.Entry.<String, Duration>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> millis.put(e.getKey(), e.getValue().toNanos() / 1e6 / requests));
        double total = millis.values().stream().mapToDouble(Double::doubleValue).sum();
        double small = millis.values().stream()
                .filter(ms -> ms < 0.01)
                .mapToDouble(Double::doubleValue)
                .sum();
        String parts = millis.entrySet().stream()
                .filter(e -> e.getValue() >= 0.01)
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format("%.2f ms (%s%s)", total, parts, small > 0 ? String.format(", others %.2f", small) : "");
    }

    static double totalMillis(Map<String, Duration> used, long requests) {
        return used.values().stream().mapToLong(Duration::toNanos).sum() / 1e6 / requests;
    }

    /** cutime and cstime of {@code /proc/self/stat}: the CPU of the children this JVM has waited for. */
    private Duration children() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // after the command's name in parentheses, fields count from 3: cutime is the 16th, cstime the 17th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
            return Duration.ofNanos(ticks * 1_000_000_000L / ticksPerSecond);
        } catch (IOException e) {
            return Duration.ZERO;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
