package dev.vodflow.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the running stack costs this machine: memory (proportional set size) and CPU time of the stack's own JVM
 * (infrastructure, emulators, edge, gateway) and of every process it started (services, Zipkin, FFmpeg), read from
 * {@code /proc}. Memory is only known on Linux; elsewhere it reads as unknown.
 */
record StackFootprint(List<Part> parts) {

    /** One process: its command's short name, resident set size in bytes (-1 if unknown), CPU time used. */
    record Part(long pid, String name, long residentBytes, Duration cpu) {}

    static StackFootprint measure() {
        List<Part> parts = new ArrayList<>();
        Stream.concat(
                        Stream.of(ProcessHandle.current()),
                        ProcessHandle.current().descendants())
                .filter(ProcessHandle::isAlive)
                .forEach(process -> parts.add(new Part(
                        process.pid(),
                        name(process),
                        residentBytes(process.pid()),
                        process.info().totalCpuDuration().orElse(Duration.ZERO))));
        return new StackFootprint(List.copyOf(parts));
    }

    long residentBytes() {
        return parts.stream().mapToLong(p -> Math.max(0, p.residentBytes())).sum();
    }

    Duration cpu() {
        return parts.stream().map(Part::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format(
                "the stack's %d processes hold %.2f GiB (proportional set size) and have used %.1f CPU-seconds:",
                parts.size(), residentBytes() / (double) (1L << 30), cpu().toMillis() / 1e3));
        for (Part part : parts) {
            text.append(String.format(
                    " %s %s, %.1f CPU-s;",
                    part.name(),
                    part.residentBytes() < 0 ? "(memory unknown)" : String.format("%d MiB", part.residentBytes() >> 20),
                    part.cpu().toMillis() / 1e3));
        }
        return text.substring(0, text.length() - 1);
    }

    /** The service a JVM runs (its jar's or main class's name), or the command's file name. */
    private static String name(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return "devstack";
        }
        Optional<String> jar = jar(process.info());
        if (jar.isPresent()) {
            return Path.of(jar.get()).getFileName().toString().replaceFirst("(-\\d.*)?\\.jar$", "");
        }
        return process.info()
                .command()
                .map(command -> Path.of(command).getFileName().toString())
                .orElse("pid " + process.pid());
    }

    /** The jar a JVM runs ({@code -jar PATH}), as its command line gives it. */
    static Optional<String> jar(ProcessHandle.Info info) {
        String[] arguments = info.arguments().orElse(new String[0]);
        for (int i = 0; i < arguments.length - 1; i++) {
            if (arguments[i].equals("-jar")) {
                return Optional.of(arguments[i + 1]);
            }
        }
        return Optional.empty();
    }

    /**
     * The memory a process holds, in bytes: its proportional set size (its resident pages, each shared page divided
     * among the processes sharing it, so that a sum over processes counts shared pages once: PostgreSQL's backends
     * share its buffers, JVMs share the JDK's code) from {@code /proc/{pid}/smaps_rollup}, else VmRSS from
     * {@code /proc/{pid}/status}; -1 where neither can be read (not Linux, or the process ended).
     */
    static long residentBytes(long pid) {
        long pss = procField(pid, "smaps_rollup", "Pss:");
        return pss >= 0 ? pss : procField(pid, "status", "VmRSS:");
    }

    private static long procField(long pid, String file, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), file))) {
            Optional<String> line = lines.filter(l -> l.startsWith(field)).findFirst();
            return line.map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                    .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
