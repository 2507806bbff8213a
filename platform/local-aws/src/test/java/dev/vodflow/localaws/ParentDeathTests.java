package dev.vodflow.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed outright takes its tied children with it: a child started as the SRT listener is (a loop thread of
 * its own, at the live priority, so through {@code setsid} and {@code nice} too), or as the dev stack starts its
 * services (through the launcher thread, asked from a thread that ends at once), the JVM gets SIGKILL, and the child
 * must be gone within seconds. Without the tie it lives on (a {@code sleep 300}, as the idle listener waited for a
 * caller).
 */
class ParentDeathTests {

    @Test
    void aTiedChildDiesWithAJvmKilledOutright() throws Exception {
        childOfAKilledJvm("loop", false);
    }

    @Test
    void aChildStartedThroughTheLauncherOutlivesTheThreadThatAskedButNotTheJvm() throws Exception {
        childOfAKilledJvm("launcher", true);
    }

    /**
     * @param how "loop": the child JVM ties the process and starts it from a thread that lives on; "launcher": it has
     *     {@link ParentDeath#start} start it, asked from a thread that ends at once
     * @param threadEnds whether to check, before the kill, that the child outlived the thread that asked for it
     */
    private static void childOfAKilledJvm(String how, boolean threadEnds) throws Exception {
        assumeTrue(
                !ParentDeath.tie(List.of("true")).equals(List.of("true")),
                "no setpriv --pdeathsig on this machine: children are not tied");
        Process jvm = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        how)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long child;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.US_ASCII))) {
            String line = out.readLine();
            while (line != null && !line.startsWith("child ")) { // the child JVM's log may come first
                line = out.readLine();
            }
            assertThat(line).as("the child JVM's report of its child").startsWith("child ");
            child = Long.parseLong(line.substring("child ".length()));
            if (threadEnds) {
                String ended = out.readLine();
                while (ended != null && !ended.equals("thread ended")) {
                    ended = out.readLine();
                }
                Thread.sleep(500);
                assertThat(alive(child))
                        .as("the child outlives the thread that asked for it")
                        .isTrue();
            }
            assertThat(alive(child))
                    .as("the child runs before its JVM is killed")
                    .isTrue();

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            jvm.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (alive(child) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        boolean survived = alive(child);
        if (survived) {
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertThat(survived).as("process %d outlived its killed JVM", child).isFalse();
    }

    /** Running, not a zombie waiting to be reaped by whoever inherited it. */
    private static boolean alive(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat, StandardCharsets.US_ASCII);
            return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** The JVM that is killed: starts the child one of the two ways and reports its pid. */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            if (args[0].equals("launcher")) {
                Thread asking = new Thread(
                        () -> {
                            try {
                                Process sleep = ParentDeath.start(new ProcessBuilder("sleep", "300")
                                        .redirectOutput(ProcessBuilder.Redirect.DISCARD));
                                System.out.println("child " + sleep.pid());
                            } catch (IOException e) {
                                e.printStackTrace();
                            }
                        },
                        "asking");
                asking.start();
                asking.join();
                System.out.println("thread ended");
                System.out.flush();
                Thread.sleep(600_000);
                return;
            }
            // as SrtIngest starts its listener: on a loop thread of its own, at the live priority
            Thread loop = new Thread(
                    () -> {
                        try {
                            Process sleep = Niceness.start(
                                    new ProcessBuilder(ParentDeath.tie(List.of("sleep", "300")))
                                            .redirectOutput(ProcessBuilder.Redirect.DISCARD),
                                    Niceness.LIVE);
                            System.out.println("child " + sleep.pid());
                            System.out.flush();
                            sleep.waitFor();
                        } catch (IOException | InterruptedException e) {
                            e.printStackTrace();
                        }
                    },
                    "loop");
            loop.start();
            loop.join();
        }
    }
}
