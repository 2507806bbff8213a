package dev.vodflow.localaws.mediaconvert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short helper process (ffprobe) to completion with a deadline, capturing both output streams. */
final class ProcessRun {

    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {}

    private ProcessRun() {}

    static Result run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    /** The same with variables added to the environment. */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, stdout.join(), stderr.join(), true);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join(), false);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted", true);
        }
    }

    /** Reads a pipe on its own thread: the common pool has a single thread on a two-core machine. */
    static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (stream) {
                        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                        stream.transferTo(buffer);
                        result.complete(buffer.toString(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        result.complete("");
                    }
                },
                "process-pipe-reader");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
