package dev.vodflow.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The memory of a running stack (proportional set sizes, from /proc): the stack's own JVM, every process below it (the
 * services, Zipkin, FFmpeg) and every process whose command line names the stack's data directory (an embedded
 * PostgreSQL: pg_ctl starts it detached, so it is no descendant) or one of its databases (the backends of a PostgreSQL
 * server the stack found on this machine; that server's own shared processes are not counted). Linux only.
 *
 * @param bytes per process (pid and short name), its proportional set size
 */
record StackMemory(Map<String, Long> bytes) {

    static StackMemory of(long stackPid, Path dataDirectory) throws IOException {
        Map<Long, String> processes = new LinkedHashMap<>();
        ProcessHandle.of(stackPid).ifPresent(stack -> {
            processes.put(stack.pid(), "devstack");
            stack.descendants().forEach(child -> processes.put(child.pid(), name(child.pid())));
        });
        String directory = dataDirectory.toAbsolutePath().normalize().toString();
        Path idFile = dataDirectory.resolve("stack-id");
        String stackId = Files.isRegularFile(idFile) ? Files.readString(idFile).trim() : null;
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            proc.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                String command = commandLine(pid);
                if (!processes.containsKey(pid)
                        && (command.contains(directory)
                                || (stackId != null && command.contains("_" + stackId + " ")))) {
                    processes.put(pid, name(pid));
                }
            });
        }
        Map<String, Long> bytes = new LinkedHashMap<>();
        processes.forEach((pid, name) -> {
            long rss = rss(pid);
            if (rss > 0) {
                bytes.put(name + "[" + pid + "]", rss);
            }
        });
        return new StackMemory(bytes);
    }

    long totalBytes() {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The {@code n} largest, then how many others, for the table. */
    String largest(int n) {
        List<Map.Entry<String, Long>> sorted = bytes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .toList();
        String top = sorted.stream()
                .limit(n)
                .map(e -> e.getKey().replaceAll("\\[\\d+]", "") + " " + (e.getValue() >> 20) + " MiB")
                .collect(Collectors.joining(", "));
        return sorted.size() + " processes; largest: " + top;
    }

    /** A service's name from its jar, else the executable's name. */
    private static String name(long pid) {
        String command = commandLine(pid);
        java.util.regex.Matcher jar = java.util.regex.Pattern.compile("([a-z-]+)-0\\.1\\.0-SNAPSHOT\\.jar")
                .matcher(command);
        if (jar.find()) {
            return jar.group(1);
        }
        if (command.startsWith("postgres: ")) {
            return "postgres";
        }
        if (command.contains("zipkin")) {
            return "zipkin";
        }
        String first = command.split(" ", 2)[0];
        return first.substring(first.lastIndexOf('/') + 1);
    }

    private static String commandLine(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    private static long rss(long pid) {
        return Math.max(0, StackFootprint.residentBytes(pid)); // 0: gone meanwhile
    }
}
