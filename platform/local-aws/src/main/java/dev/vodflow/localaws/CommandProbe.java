package dev.vodflow.localaws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Whether a wrapper command ({@code nice}, {@code setpriv}) works here, tried once on {@code true}. */
final class CommandProbe {

    private CommandProbe() {}

    /**
     * Runs {@code command} (which should do nothing and say nothing) and tells why it cannot be used here: it is
     * missing, it did not end within 10 s, it failed, or it warned (as {@code nice} does when it may not change the
     * priority, and then runs the command anyway). Empty when it ran, ended with 0 and said nothing.
     */
    static Optional<String> refusal(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("no answer within 10 s");
            }
            if (process.exitValue() != 0 || !said.isEmpty()) {
                return Optional.of(said.isEmpty() ? "exit " + process.exitValue() : said);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("not found: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
