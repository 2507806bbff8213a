package dev.vodflow.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NicenessTests {

    @Test
    void aBatchProcessRunsBehindTheJvm() throws Exception {
        assertThat(niceOf(Niceness.start(new ProcessBuilder("nice"), Niceness.BATCH)))
                .isEqualTo(jvmNice() + Niceness.BATCH);
    }

    @Test
    void aLiveProcessRunsAheadOfTheJvmWhereAllowedAndAtItsPriorityWhereNot() throws Exception {
        int expected = Niceness.allowed(Niceness.LIVE) ? jvmNice() + Niceness.LIVE : jvmNice();
        assertThat(niceOf(Niceness.start(new ProcessBuilder("nice"), Niceness.LIVE)))
                .isEqualTo(Math.max(-20, expected));
    }

    @Test
    void aLiveProcessGetsASchedulingGroupOfItsOwnWithItsNiceValueOnLinux() throws Exception {
        Path jvmGroup = Path.of("/proc/self/autogroup");
        assumeTrue(Files.isReadable(jvmGroup) && Niceness.allowed(Niceness.LIVE), "no autogroup or no better priority");
        String before = Files.readString(jvmGroup).strip();
        // cat waits for its stdin: the group is read while it runs
        Process process = Niceness.start(new ProcessBuilder("cat"), Niceness.LIVE);
        try {
            String group = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "autogroup"))
                    .strip();
            assertThat(group).isNotEqualTo(before).endsWith("nice " + Niceness.LIVE);
            assertThat(Files.readString(jvmGroup).strip())
                    .as("the JVM's own group")
                    .isEqualTo(before);
        } finally {
            process.getOutputStream().close();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void niceZeroLeavesTheCommandAsItIs() {
        assertThat(Niceness.apply(0, List.of("ffmpeg", "-version"))).containsExactly("ffmpeg", "-version");
    }

    private static int niceOf(Process process) throws IOException, InterruptedException {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return Integer.parseInt(out);
    }

    private static int jvmNice() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }
}
