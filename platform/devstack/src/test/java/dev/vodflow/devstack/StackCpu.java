package dev.vodflow.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time used by the stack's processes ({@link StackProcesses}), summed by name, by the load generator (the
 * processes this JVM started and has waited for: wrk, from its own {@code /proc/self/stat}) and by this JVM itself
 * (the webhook row's receiver and producer). Two samples around a measured run give what a request cost the whole
 * machine, and where. Of each of the stack's JVMs, and of this one, it also tells apart what its JIT compiler threads
 * and its garbage collection threads used: a figure measured while a service still compiles its code, or collects
 * much, says so. Linux only.
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

    /**
     * CPU used so far: by each process of the stack now (pid and name), by the JIT and GC threads of those that are
     * JVMs and of this one (by thread id: Linux numbers threads of all processes alike), by this JVM's waited-for
     * children, by itself.
     */
    record Sample(
            Map<Long, String> names,
            Map<Long, Duration> used,
            Map<Long, ThreadCpu> threads,
            Duration children,
            Duration own) {}

    /** What one thread of a JVM ({@code pid}) had used, and which {@link Part} of the JVM's work it does. */
    record ThreadCpu(long pid, Part part, Duration cpu) {}

    /** The threads of a HotSpot JVM told apart in a breakdown, by the name Linux shows for them. */
    enum Part {
        /** The C1 and C2 compiler threads (those still running when sampled: see {@link #between}). */
        JIT,
        /**
         * The collector's threads (G1's, Parallel's), and the VM thread, which runs SerialGC's collections (and the
         * JVM's other safepoint work).
         */
        GC;

        /** The part a thread named {@code comm} (as in {@code /proc/<pid>/task/<tid>/comm}) is, or null. */
        static Part of(String comm) {
            if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                return JIT;
            }
            if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
                return GC;
            }
            return null;
        }
    }

    /**
     * What each name used over a measured run, and of that what the JIT and GC threads of its JVMs used (by name;
     * names with none are absent).
     */
    record Used(Map<String, Duration> byName, Map<String, Duration> jit, Map<String, Duration> gc) {

        static final Used NONE = new Used(Map.of(), Map.of(), Map.of());

        boolean isEmpty() {
            return byName.isEmpty();
        }

        /** Both runs' use summed, name by name (for turns of the same request). */
        Used plus(Used other) {
            return new Used(merged(byName, other.byName), merged(jit, other.jit), merged(gc, other.gc));
        }

        private static Map<String, Duration> merged(Map<String, Duration> a, Map<String, Duration> b) {
            Map<String, Duration> sum = new HashMap<>(a);
            b.forEach((name, cpu) -> sum.merge(name, cpu, Duration::plus));
            return sum;
        }

        /**
         * "1.10 ms (catalog-service 0.64 [JIT 0.10, GC 0.02], postgres 0.28, ...)": the use over {@code requests} (or
         * deliveries), the biggest parts first; those under 0.01 ms each are summed as "others", and a JVM's JIT or
         * GC share is shown where it is 0.01 ms or more.
         */
        String perRequest(long requests) {
            Map<String, Double> millis = new LinkedHashMap<>();
            byName.entrySet().stream()
                    .sorted(Map.Entry.<String, Duration>comparingByValue(Comparator.reverseOrder()))
                    .forEach(e -> millis.put(e.getKey(), millis(e.getValue(), requests)));
            double total =
                    millis.values().stream().mapToDouble(Double::doubleValue).sum();
            double small = millis.values().stream()
                    .filter(ms -> ms < 0.01)
                    .mapToDouble(Double::doubleValue)
                    .sum();
            String parts = millis.entrySet().stream()
                    .filter(e -> e.getValue() >= 0.01)
                    .map(e -> String.format("%s %.2f%s", e.getKey(), e.getValue(), threads(e.getKey(), requests)))
                    .collect(Collectors.joining(", "));
            return String.format(
                    "%.2f ms (%s%s)", total, parts, small > 0 ? String.format(", others %.2f", small) : "");
        }

        private String threads(String name, long requests) {
            List<String> shares = new ArrayList<>(2);
            for (Part part : Part.values()) {
                double ms = millis((part == Part.JIT ? jit : gc).getOrDefault(name, Duration.ZERO), requests);
                if (ms >= 0.01) {
                    shares.add(String.format("%s %.2f", part, ms));
                }
            }
            return shares.isEmpty() ? "" : " [" + String.join(", ", shares) + "]";
        }

        double totalMillis(long requests) {
            return millis(byName.values().stream().reduce(Duration.ZERO, Duration::plus), requests);
        }

        private static double millis(Duration cpu, long requests) {
            return cpu.toNanos() / 1e6 / requests;
        }
    }

    Sample sample() {
        Map<Long, String> names = processes.now();
        Map<Long, Duration> used = new HashMap<>();
        Map<Long, ThreadCpu> threads = new HashMap<>();
        names.keySet().forEach(pid -> {
            ProcessHandle.of(pid)
                    .flatMap(process -> process.info().totalCpuDuration())
                    .ifPresent(cpu -> used.put(pid, cpu));
            jvmThreads(pid, threads);
        });
        jvmThreads(ProcessHandle.current().pid(), threads);
        return new Sample(
                names,
                used,
                threads,
                children(),
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
    }

    /**
     * What each name used from {@code before} to {@code after}: a process (or a JIT or GC thread) that started in
     * between counts from its start; one that ended in between is lost (a PostgreSQL backend of a pool lives as long
     * as the pool). HotSpot starts compiler threads beyond its first as code queues up and stops them when idle, so
     * what a stopped one used is lost too: the JIT share is at least what is shown.
     */
    static Used between(Sample before, Sample after) {
        Map<String, Duration> byName = new HashMap<>();
        after.used().forEach((pid, cpu) -> {
            Duration spent = cpu.minus(before.used().getOrDefault(pid, Duration.ZERO));
            byName.merge(after.names().get(pid), spent, Duration::plus);
        });
        byName.put(LOAD, after.children().minus(before.children()));
        byName.put(BENCHMARK, after.own().minus(before.own()));
        Map<String, Duration> jit = new HashMap<>();
        Map<String, Duration> gc = new HashMap<>();
        after.threads().forEach((tid, thread) -> {
            ThreadCpu earlier = before.threads().get(tid);
            Duration spent = earlier == null || earlier.pid() != thread.pid()
                    ? thread.cpu()
                    : thread.cpu().minus(earlier.cpu());
            String name = thread.pid() == ProcessHandle.current().pid()
                    ? BENCHMARK
                    : after.names().get(thread.pid());
            (thread.part() == Part.JIT ? jit : gc).merge(name, spent, Duration::plus);
        });
        return new Used(byName, jit, gc);
    }

    /** Adds the JIT and GC threads of {@code pid} to {@code threads}: none where it is no HotSpot JVM (or is gone). */
    private void jvmThreads(long pid, Map<Long, ThreadCpu> threads) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    Part part = Part.of(Files.readString(task.resolve("comm")).strip());
                    if (part != null) {
                        Duration cpu = cpu(Files.readString(task.resolve("stat")), 14, 15);
                        threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(pid, part, cpu));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile
        }
    }

    /** cutime and cstime of {@code /proc/self/stat}: the CPU of the children this JVM has waited for. */
    private Duration children() {
        try {
            return cpu(Files.readString(Path.of("/proc/self/stat")), 16, 17);
        } catch (IOException e) {
            return Duration.ZERO;
        }
    }

    /** The sum of two tick fields of a {@code stat} line (numbered as in proc(5): utime 14, stime 15, ...). */
    private Duration cpu(String stat, int first, int second) {
        // after the command's name in parentheses, fields count from 3
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[first - 3]) + Long.parseLong(fields[second - 3]);
        return Duration.ofNanos(ticks * 1_000_000_000L / ticksPerSecond);
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
