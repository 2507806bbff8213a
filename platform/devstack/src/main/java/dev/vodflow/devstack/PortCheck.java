package dev.vodflow.devstack;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stack's fixed ports, checked before anything starts: a port another process holds would otherwise show up as
 * one part's bind failure half-way through the start, or as a service that "exited with status 1". The usual holder
 * is another vodflow stack: {@code ./devstack} in another terminal, one whose launcher script was killed while its
 * JVM ran on, or the compose stack. The message names the process holding each port (from {@code /proc/net} and
 * {@code /proc/PID/fd} on Linux, where this user can see it) and how to stop it.
 */
final class PortCheck {

    private static final int MAX_COMMAND = 160;

    private PortCheck() {}

    /**
     * @param tcp the TCP ports the stack listens on, each with what listens there (for the message)
     * @param udp the UDP ports, likewise
     * @throws IllegalStateException naming every port that is taken, and who holds it where that can be found
     */
    static void requireFree(Map<Integer, String> tcp, Map<Integer, String> udp) {
        // grouped by holder: an earlier stack's own JVM alone holds most of the ports
        Map<String, List<String>> taken = new LinkedHashMap<>();
        collectTaken(taken, "tcp", tcp);
        collectTaken(taken, "udp", udp);
        if (!taken.isEmpty()) {
            List<String> lines = new ArrayList<>();
            taken.forEach((holder, ports) -> lines.add("  " + String.join(", ", ports) + ": " + holder));
            throw new IllegalStateException("the dev stack cannot start, its ports are taken:\n"
                    + String.join("\n", lines)
                    + "\nAnother vodflow stack may be running (./devstack in another terminal or left running, or the"
                    + " compose stack): stop it (kill PID is a normal stop and keeps its data; docker-compose down"
                    + " for compose), or free the ports.");
        }
    }

    /** Adds each of {@code ports} that is taken ("TCP 8080 (gateway)") under its holder's description. */
    private static void collectTaken(Map<String, List<String>> taken, String protocol, Map<Integer, String> ports) {
        new TreeMap<>(ports).forEach((port, part) -> {
            boolean free = protocol.equals("tcp") ? tcpFree(port) : udpFree(port);
            if (!free) {
                taken.computeIfAbsent(describe(holder(protocol, port)), h -> new ArrayList<>())
                        .add(protocol.toUpperCase(Locale.ROOT) + " " + port + " (" + part + ")");
            }
        });
    }

    private static String describe(Optional<Holder> holder) {
        return holder.map(h -> "process " + h.pid() + " (" + h.command() + ")")
                .orElse("a process this user cannot see");
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // as the stack's servers bind: a port in TIME_WAIT from a stopped stack is free to them too
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What holds {@code port} ("tcp": listening; "udp": bound), looked up through the socket's inode. */
    static Optional<Holder> holder(String protocol, int port) {
        List<String> inodes = new ArrayList<>();
        for (String table : List.of(protocol, protocol + "6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net", table), StandardCharsets.US_ASCII)) {
                    String[] fields = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (fields.length < 10 || !fields[1].contains(":")) {
                        continue;
                    }
                    String local = fields[1];
                    int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                    boolean listening = protocol.equals("udp") || fields[3].equals("0A");
                    if (localPort == port && listening && !fields[9].equals("0")) {
                        inodes.add(fields[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or the table is not readable: no name for the holder
            }
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                if (holds(process, inodes)) {
                    long pid = Long.parseLong(process.getFileName().toString());
                    return Optional.of(new Holder(pid, command(pid)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // as above
        }
        return Optional.empty();
    }

    private static boolean holds(Path process, List<String> inodes) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                if (inodes.contains(socketInode(descriptor))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone meanwhile, or another user's
        }
        return false;
    }

    /** The inode of the socket {@code descriptor} is, or "" (not a socket, or closed while it was read). */
    private static String socketInode(Path descriptor) {
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            return target.startsWith("socket:[") ? target.substring(8, target.length() - 1) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The program and, for a JVM, the jar it runs (a service's or the stack's own), or its first arguments. */
    private static String command(long pid) {
        Optional<ProcessHandle.Info> info = ProcessHandle.of(pid).map(ProcessHandle::info);
        String program = info.flatMap(ProcessHandle.Info::command)
                .map(path -> Path.of(path).getFileName().toString())
                .orElse(null);
        if (program == null) {
            return "command line not readable";
        }
        String shown = StackFootprint.jar(info.get())
                .map(jar -> program + " ... -jar " + jar)
                .orElseGet(() ->
                        (program + " " + String.join(" ", info.get().arguments().orElse(new String[0]))).strip());
        return shown.length() <= MAX_COMMAND ? shown : shown.substring(0, MAX_COMMAND) + "...";
    }

    /** A process holding a port, with its command line (cut short). */
    record Holder(long pid, String command) {}
}
