package dev.vodflow.localaws;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a child process when the JVM that started it dies, however it dies. A normal stop ends the stand-ins' children
 * itself; a JVM killed outright (SIGKILL, the OOM killer, an IDE's hard stop) runs no code, and a child that waits on
 * the network rather than on the JVM's pipes outlives it: an idle SRT listener kept the ingest port, so the next stack
 * could not take it. On Linux a command run through {@code setpriv --pdeathsig KILL} (util-linux) gets SIGKILL from the
 * kernel when its parent goes. Where there is no {@code setpriv}, the command runs unchanged (said once in the log).
 *
 * <p>Linux sends the signal when the <em>thread</em> that started the process ends, not only the process. {@link #tie}
 * is for a process started from a thread that outlives it (a dedicated loop thread, not a pooled one that may be
 * retired while the child runs); {@link #start} starts a process from this JVM's own launcher thread, which never
 * ends, so the process is tied to the JVM whichever thread asks.
 */
public final class ParentDeath {

    private static final Logger log = LoggerFactory.getLogger(ParentDeath.class);

    private static final boolean AVAILABLE = probe();

    /** One thread, never retired, that starts {@link #start}'s processes: their parent thread lives as long as the JVM. */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "child-launcher");
        thread.setDaemon(true);
        return thread;
    });

    private ParentDeath() {}

    /**
     * Starts {@code builder}'s command tied to this JVM ({@link #tie}) from the launcher thread, so it ends when the
     * JVM does, however the JVM ends, and not before whichever thread calls this. The builder is left as it was.
     */
    public static Process start(ProcessBuilder builder) throws IOException {
        List<String> command = builder.command();
        builder.command(tie(command));
        Future<Process> started = LAUNCHER.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    // starting takes milliseconds: finish it, or the process would run on with no one holding it
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("could not start " + command, e.getCause());
        } finally {
            builder.command(command);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code command} run so that it gets SIGKILL when the thread that starts it, or this JVM, ends; where possible. */
    public static List<String> tie(List<String> command) {
        if (!AVAILABLE) {
            return command;
        }
        List<String> tied = new ArrayList<>(command.size() + 4);
        tied.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        tied.addAll(command);
        return tied;
    }

    private static boolean probe() {
        Optional<String> refusal = CommandProbe.refusal(List.of("setpriv", "--pdeathsig", "KILL", "--", "true"));
        refusal.ifPresent(why -> log.info(
                "setpriv --pdeathsig is not usable here ({}): a child process may outlive a JVM killed outright", why));
        return refusal.isEmpty();
    }
}
