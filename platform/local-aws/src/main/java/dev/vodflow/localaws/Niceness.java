package dev.vodflow.localaws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling priority of the stand-ins' child processes on a shared machine: a live encoder must keep up with the
 * wall clock or its viewers stall, a VOD transcode only finishes a little later when it yields the CPU. A command is
 * run through {@code nice -n VALUE} (POSIX; the value is relative to this JVM's own). A better priority than the
 * JVM's (a negative value) needs {@code CAP_SYS_NICE} or an {@code RLIMIT_NICE} that allows it; where the value is not
 * allowed, or there is no {@code nice}, the command runs unchanged, at the JVM's priority (said once in the log).
 *
 * <p>Linux (with autogroup, on by default) shares the CPU between sessions first, each session's processes as one
 * group, and a nice value only orders the processes within their group: a live encoder in the JVM's session would
 * get its rank above that session's other work and still no more than one share against every other session's
 * build. {@link #start} therefore runs a command at a better priority than the JVM's in a session of its own
 * ({@code setsid}) whose group gets the nice value ({@code /proc/PID/autogroup}): ahead of other sessions too.
 */
public final class Niceness {

    private static final Logger log = LoggerFactory.getLogger(Niceness.class);

    /** The live encoders' default: well ahead of the JVM's own work and of ordinary processes (nice 0). */
    public static final int LIVE = -10;

    /** The VOD transcodes' default: behind everything at nice 0, so a live encoder beside them keeps real time. */
    public static final int BATCH = 10;

    private static final Map<Integer, Boolean> ALLOWED = new ConcurrentHashMap<>();

    /** Whether Linux groups processes by session here, and {@code setsid} can give a process a session of its own. */
    private static final boolean AUTOGROUP = autogroup();

    private Niceness() {}

    /**
     * Starts {@code builder}'s command at nice value {@code nice} ({@link #apply}); a better priority than the JVM's
     * (negative) where allowed also in a session of its own whose scheduling group gets {@code nice}, on Linux with
     * autogroup. The process is the command itself ({@code nice} and {@code setsid} replace themselves with it).
     */
    public static Process start(ProcessBuilder builder, int nice) throws IOException {
        List<String> command = builder.command();
        if (nice >= 0 || !allowed(nice) || !AUTOGROUP) {
            return builder.command(apply(nice, command)).start();
        }
        List<String> grouped = new ArrayList<>(List.of("setsid"));
        grouped.addAll(apply(nice, command));
        Process process = builder.command(grouped).start();
        builder.command(command);
        renice(process.pid(), nice);
        return process;
    }

    /**
     * Gives the process's own group the nice value once {@code setsid} has made it a session (before, its group is
     * the JVM's, which must keep its own).
     */
    private static void renice(long pid, int nice) {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            while (true) {
                String text = Files.readString(stat, StandardCharsets.US_ASCII);
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                // fields after the name: state, ppid, pgrp, session
                if (Long.parseLong(fields[3]) == pid) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    log.info("process {} did not become a session of its own: its group keeps nice 0", pid);
                    return;
                }
                Thread.sleep(5);
            }
            Files.writeString(Path.of("/proc", String.valueOf(pid), "autogroup"), String.valueOf(nice));
        } catch (IOException | RuntimeException e) {
            // gone already, or not allowed: it runs at its own nice value in a group of nice 0
            log.debug("process {}: its scheduling group keeps nice 0: {}", pid, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code command} run at nice value {@code nice} relative to this JVM where that is allowed here, else
     * {@code command} unchanged.
     */
    public static List<String> apply(int nice, List<String> command) {
        if (nice == 0 || !allowed(nice)) {
            return command;
        }
        List<String> niced = new ArrayList<>(command.size() + 3);
        niced.addAll(List.of("nice", "-n", String.valueOf(nice)));
        niced.addAll(command);
        return niced;
    }

    /** Whether {@code nice -n VALUE} runs here and takes effect (it warns and runs the command anyway when it may not). */
    public static boolean allowed(int nice) {
        return ALLOWED.computeIfAbsent(nice, Niceness::probe);
    }

    private static boolean autogroup() {
        try {
            return "1"
                            .equals(Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled"))
                                    .strip())
                    && new ProcessBuilder("setsid", "true").start().waitFor() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean probe(int nice) {
        Optional<String> refusal = CommandProbe.refusal(List.of("nice", "-n", String.valueOf(nice), "true"));
        refusal.ifPresent(why ->
                log.info("nice -n {} is not usable here ({}): child processes run at the JVM's priority", nice, why));
        return refusal.isEmpty();
    }
}
