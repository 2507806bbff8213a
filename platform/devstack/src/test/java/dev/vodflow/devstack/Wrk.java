package dev.vodflow.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load with wrk (a real load generator in C, outside the JVMs measured): a fixed number of connections for a
 * fixed time, after a warm-up of the same request, and the figures wrk prints. Any non-2xx answer fails the run: a
 * rate of errors is no figure.
 */
final class Wrk {

    private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    /** A request: method, path under the URL, and the bearer token (or null); the Lua makes it per request. */
    record Request(String method, String url, String token, String lua) {

        static Request get(String url, String token) {
            return new Request("GET", url, token, null);
        }

        static Request post(String url, String token) {
            return new Request("POST", url, token, null);
        }

        /**
         * GET of {@code pathFormat} with its one number conversion ({@code %06d}, {@code %d}; a literal per cent sign
         * written {@code %%}) replaced by a random number in 1..{@code max} per request.
         */
        static Request randomGet(String base, String pathFormat, int max, String token) {
            return new Request(
                    "GET",
                    base,
                    token,
                    "math.randomseed(42)\n"
                            + "request = function()\n"
                            + "  return wrk.format(nil, string.format(\"" + pathFormat + "\", math.random(1, " + max
                            + ")))\nend\n");
        }
    }

    /**
     * What wrk measured, and the CPU each process used meanwhile ({@link StackCpu}), by name (empty where not metered).
     */
    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, StackCpu.Used cpu) {

        /** "1.10 ms (catalog-service 0.64, postgres 0.28, ...)", or null where not metered. */
        String cpuPerRequest() {
            return cpu.isEmpty() ? null : cpu.perRequest(requests);
        }

        double cpuMillisPerRequest() {
            return cpu.totalMillis(requests);
        }
    }

    /** Turns of figure and anchor per comparison ({@code bench.rounds}). */
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);

    private final int threads;
    private final int connections;
    private final Duration duration;
    private final Duration warmUp;
    private final Path work;
    private final StackCpu cpu;

    /** @param cpu meters the measured turns of {@link #compare}; null: not metered */
    Wrk(int threads, int connections, Duration duration, Duration warmUp, Path work, StackCpu cpu) {
        this.threads = threads;
        this.connections = connections;
        this.duration = duration;
        this.warmUp = warmUp;
        this.work = work;
        this.cpu = cpu;
    }

    String settings() {
        return "wrk -t" + threads + " -c" + connections + " -d" + duration.toSeconds() + "s (after "
                + warmUp.toSeconds() + " s of warm-up), loopback";
    }

    Result run(Request request) throws IOException, InterruptedException {
        run(request, warmUp);
        return run(request, duration);
    }

    /** A figure and its anchor, measured in turns: on a shared machine a burst of other work hits both alike. */
    record Pair(Result measured, Result anchor) {}

    /**
     * Both warmed up, then {@code rounds} turns of the anchor then the measured request; each result is the rate over
     * all its turns, with the worst turn's latencies.
     */
    Pair compare(Request measured, Request anchor, int rounds) throws IOException, InterruptedException {
        run(anchor, warmUp);
        run(measured, warmUp);
        List<Result> measuredTurns = new ArrayList<>();
        List<Result> anchorTurns = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            anchorTurns.add(metered(anchor));
            measuredTurns.add(metered(measured));
        }
        return new Pair(combined(measuredTurns), combined(anchorTurns));
    }

    /** One measured turn, with the CPU every process used during it. */
    private Result metered(Request request) throws IOException, InterruptedException {
        if (cpu == null) {
            return run(request, duration);
        }
        StackCpu.Sample before = cpu.sample();
        Result result = run(request, duration);
        StackCpu.Used used = StackCpu.between(before, cpu.sample());
        return new Result(result.requestsPerSecond(), result.p50Millis(), result.p99Millis(), result.requests(), used);
    }

    private static Result combined(List<Result> turns) {
        StackCpu.Used cpu = turns.stream().map(Result::cpu).reduce(StackCpu.Used.NONE, StackCpu.Used::plus);
        return new Result(
                turns.stream().mapToDouble(Result::requestsPerSecond).average().orElseThrow(),
                turns.stream().mapToDouble(Result::p50Millis).max().orElseThrow(),
                turns.stream().mapToDouble(Result::p99Millis).max().orElseThrow(),
                turns.stream().mapToLong(Result::requests).sum(),
                cpu);
    }

    private Result run(Request request, Duration time) throws IOException, InterruptedException {
        Path script = Files.createTempFile(work, "wrk-", ".lua");
        StringBuilder lua = new StringBuilder("wrk.method = \"" + request.method() + "\"\n");
        if (request.token() != null) {
            lua.append("wrk.headers[\"Authorization\"] = \"Bearer ")
                    .append(request.token())
                    .append("\"\n");
        }
        if (request.method().equals("POST")) {
            lua.append("wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = \"{}\"\n");
        }
        if (request.lua() != null) {
            lua.append(request.lua());
        }
        Files.writeString(script, lua);
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + time.toSeconds() + "s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                request.url()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(time.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk failed on " + request.url() + ":\n" + output);
        }
        Files.delete(script);
        if (output.contains("Non-2xx") || output.contains("Socket errors")) {
            throw new IllegalStateException(
                    "wrk saw errors on " + request.method() + " " + request.url() + ":\n" + output);
        }
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(output);
        return new Result(
                Double.parseDouble(find(REQUESTS, output)),
                millis("50%", output),
                millis("99%", output),
                requests.find() ? Long.parseLong(requests.group(1)) : -1,
                StackCpu.Used.NONE);
    }

    private static double millis(String percentile, String output) {
        Matcher matcher = Pattern.compile("\\s" + percentile + "\\s+([0-9.]+)(us|ms|s)\\b")
                .matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + percentile + " in wrk's output:\n" + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + text);
        }
        return matcher.group(1);
    }
}
