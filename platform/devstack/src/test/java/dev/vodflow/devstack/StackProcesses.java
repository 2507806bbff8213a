package dev.vodflow.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The processes of a running stack, by pid with a short name: the stack's own JVM ("devstack"), every process below
 * it (the services by their jar's name, Zipkin, FFmpeg) and every process whose command line names the stack's data
 * directory (an embedded PostgreSQL: pg_ctl starts it detached, so it is no descendant) or one of its databases (the
 * backends of a PostgreSQL server the stack found on this machine; that server's own shared processes are not
 * counted). Never this JVM or what it started: the benchmark's own command line names the data directory too, and
 * so do wrk's scripts. Linux only: read from /proc.
 */
final class StackProcesses {

    private static final Pattern JAR = Pattern.compile("([a-z-]+)-0\\.1\\.0-SNAPSHOT\\.jar");

    private final long stackPid;
    private final String directory;
    private final String stackId;

    private StackProcesses(long stackPid, String directory, String stackId) {
        this.stackPid = stackPid;
        this.directory = directory;
        this.stackId = stackId;
    }

    static StackProcesses of(long stackPid, Path dataDirectory) throws IOException {
        Path idFile = dataDirectory.resolve("stack-id");
        return new StackProcesses(
                stackPid,
                dataDirectory.toAbsolutePath().normalize().toString(),
                Files.isRegularFile(idFile) ? Files.readString(idFile).trim() : null);
    }

    /** The stack's processes now, by pid (the list changes: PostgreSQL backends come and go). */
    Map<Long, String> now() {
        Set<Long> mine = Stream.concat(
                        Stream.of(ProcessHandle.current()),
                        ProcessHandle.current().descendants())
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        Map<Long, String> processes = new LinkedHashMap<>();
        ProcessHandle.of(stackPid).ifPresent(stack -> {
            processes.put(stack.pid(), "devstack");
            stack.descendants().forEach(child -> processes.put(child.pid(), name(child.pid())));
        });
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            proc.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                String command = commandLine(pid);
                if (!processes.containsKey(pid)
                        && !mine.contains(pid)
                        && (command.contains(directory)
                                || (stackId != null && command.contains("_" + stackId + " ")))) {
                    processes.put(pid, name(pid));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return processes;
    }

    /** A service's name from its jar, else the executable's name. */
    private static String name(long pid) {
        String command = commandLine(pid);
        Matcher jar = JAR.matcher(command);
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
}
