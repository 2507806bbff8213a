package dev.vodflow.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The memory of a running stack (proportional set sizes, from /proc) over its processes ({@link StackProcesses}).
 * Linux only.
 *
 * @param bytes per process (pid and short name), its proportional set size
 */
record StackMemory(Map<String, Long> bytes) {

    static StackMemory of(long stackPid, Path dataDirectory) throws IOException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        StackProcesses.of(stackPid, dataDirectory).now().forEach((pid, name) -> {
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

    private static long rss(long pid) {
        return Math.max(0, StackFootprint.residentBytes(pid)); // 0: gone meanwhile
    }
}
