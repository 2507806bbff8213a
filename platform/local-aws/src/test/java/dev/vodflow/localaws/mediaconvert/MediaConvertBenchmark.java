package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.Niceness;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

/**
 * Not a test: the benchmark the emulator's design is judged by. On a 60 s 1920x1080 clip it runs the reference
 * job (HLS 360/540/720 with 6 s segments, MP4 720, a JPEG every 5 s) three ways and prints CPU seconds (user + sys
 * of the FFmpeg and ffprobe processes, from bash's {@code times}) and wall time. The machine is shared and noisy, so
 * the emulator and (b) run side by side {@code -Dvodflow.bench.runs=N} times (default 3), taking turns at going first,
 * each with the load average around it; (a) runs once:
 *
 * <ol>
 *   <li>the emulator (one FFmpeg for the job), from CreateJob to COMPLETE, uploads included;
 *   <li>(a) one FFmpeg per rendition, all started at once: each decodes and scales the source itself, the MP4
 *       encodes 720p a second time;
 *   <li>(b) the best single hand-written command: decode once, scale to 720p once, 540p from it and 360p from
 *       540p (each step at most 1.5:1, the cheapest chain), encode each rendition once, the MP4 and the 720p rung
 *       sharing an encode through the tee muxer.
 * </ol>
 *
 * <p>Run: {@code ./mvnw -pl platform/local-aws -am test -Dtest=MediaConvertBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-XX:TieredStopAtLevel=1} (C1 only, as the dev stack's JVM runs
 * the emulator, and as {@code ./bench} runs this); the table is also written to
 * {@code platform/local-aws/target/mediaconvert-benchmark.txt}.
 */
class MediaConvertBenchmark {

    /**
     * One run: CPU seconds of every FFmpeg and ffprobe process ({@code probeSeconds} of them the emulator's
     * probe of the input: ffprobe, or the Java header read that spares it for a plain MP4), wall seconds, the 1-minute
     * load average as it started and ended (the machine is shared), and the CPU seconds this JVM spent while FFmpeg
     * ran, beside it on the same cores (for the emulator its progress reading and status updates, the client's polls;
     * not counted in {@code cpuSeconds}).
     */
    record Measure(
            String name, double cpuSeconds, double probeSeconds, double wallSeconds, String load, double jvmSeconds) {}

    private static final String ENCODE_720 = "-c:v libx264 -preset veryfast -profile:v main -crf 23 -maxrate 3000000"
            + " -bufsize 6000000 -g 60 -force_key_frames 'expr:gte(t,n_forced*6)'";
    private static final String AUDIO = "-c:a aac -b:a 96000 -ar 48000 -ac 2";
    private static final String HLS =
            "-f hls -hls_time 6 -hls_playlist_type vod -hls_flags independent_segments -start_number 1";

    @Test
    void referenceJobOnA60SecondFullHdClip() throws Exception {
        Path bench = Path.of("target", "bench").toAbsolutePath();
        Files.createDirectories(bench);
        Path clip = fullHdClip(bench, 60);
        String ffmpeg = FfmpegBinaries.onPath("ffmpeg").toString();
        warmUp(bench, ffmpeg);
        String input = EmulatorFixture.get().upload("input/bench/source.mp4", clip);
        int runs = Integer.getInteger("vodflow.bench.runs", 3);

        StringBuilder table = new StringBuilder(header("reference job, 60 s 1920x1080"));
        double emulatorTotal = sideBySide(
                table,
                runs,
                () -> emulator(bench, clip, ffmpeg, JobTemplates.reference(input, "bench", 6)),
                () -> handWritten(bench, clip, ffmpeg));
        Measure perRendition = perRendition(bench, clip, ffmpeg);
        table.append(String.format(
                Locale.ROOT,
                "%s: %.1f CPU s, %.0f s wall (load %s); emulator / (a) = %.2f%n",
                perRendition.name(),
                perRendition.cpuSeconds(),
                perRendition.wallSeconds(),
                perRendition.load(),
                emulatorTotal / runs / perRendition.cpuSeconds()));
        System.out.println(table);
        Files.writeString(Path.of("target", "mediaconvert-benchmark.txt"), table.toString());
    }

    /**
     * The default template's 1080p ladder (CMAF 360/540/720/1080 with 6 s segments and one audio track normalised to
     * -16 LUFS, MP4 720, a 640x360 JPEG every 5 s) on a 20 s 1920x1080 clip: the emulator against the best single
     * hand-written FFmpeg command for the same files (the DASH manifest, which the emulator writes in Java from the
     * playlists, costs no FFmpeg time). The machine is shared and noisy, so {@code -Dvodflow.bench.runs=N} (default
     * 3) measures the two side by side N times, taking turns at going first, and reports every pair and the ratio of
     * the sums. Table in {@code target/mediaconvert-benchmark-ladder.txt}; the emulator's command in
     * {@code target/bench/emulator-command.log}.
     */
    @Test
    void defaultLadderOnA20SecondFullHdClip() throws Exception {
        Path bench = Path.of("target", "bench").toAbsolutePath();
        Files.createDirectories(bench);
        Path clip = fullHdClip(bench, 20);
        String ffmpeg = FfmpegBinaries.onPath("ffmpeg").toString();
        warmUp(bench, ffmpeg);
        String input = EmulatorFixture.get().upload("input/bench-ladder/source.mp4", clip);
        int runs = Integer.getInteger("vodflow.bench.runs", 3);

        StringBuilder table = new StringBuilder(header("default ladder up to 1080p, 20 s 1920x1080"));
        sideBySide(
                table,
                runs,
                () -> emulator(bench, clip, ffmpeg, JobTemplates.defaultLadder(input, "bench-ladder")),
                () -> handWrittenLadder(bench, clip, ffmpeg));
        System.out.println(table);
        Files.writeString(Path.of("target", "mediaconvert-benchmark-ladder.txt"), table.toString());
    }

    private static boolean warmedUp;

    /**
     * One unmeasured job, once per JVM, before anything is measured. The emulator here runs in a fresh test JVM that
     * compiles the emulator's, the S3 stand-in's and the SDK's code during its first jobs: profiled, the JIT compiler
     * threads were half of this JVM's CPU, busy beside the first measured FFmpeg on the same two cores (emulator /
     * by hand 1.05-1.20 on the first pair, where the FFmpeg command alone, run by hand, costs the same as the
     * hand-written one). A running stack's emulator did that long before its jobs.
     */
    private void warmUp(Path bench, String ffmpeg) throws Exception {
        if (warmedUp) {
            return;
        }
        Path clip = fullHdClip(bench, 20);
        String input = EmulatorFixture.get().upload("input/bench-warm-up/source.mp4", clip);
        emulator(bench, clip, ffmpeg, JobTemplates.defaultLadder(input, "bench-warm-up"));
        warmedUp = true;
    }

    private static String header(String title) {
        return String.format(
                Locale.ROOT,
                "%-64s %16s %14s %8s  %s%n",
                title + jit(),
                "emulator CPU s",
                "by hand CPU s",
                "ratio",
                "load average at start-end (emulator / by hand)");
    }

    /**
     * How this JVM compiles, for the table's title: its compiler threads work beside the emulator's FFmpeg (the dev
     * stack's JVM, where the emulator runs, compiles it with C1 only; {@code ./bench} runs this JVM so too). Read from
     * the VM's option as it took effect, wherever it was given (command line, {@code JAVA_TOOL_OPTIONS}, the last of
     * several), rather than from the command line's text.
     */
    private static String jit() {
        String stopAtLevel = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("TieredStopAtLevel")
                .getValue();
        return Integer.parseInt(stopAtLevel) < 4 ? " (JVM: C1 only)" : " (JVM: C1 and C2)";
    }

    /** One side-by-side run of the emulator and the hand-written command, and which of them went first. */
    private record Pair(Measure emulator, Measure hand, boolean emulatorFirst) {}

    /**
     * Runs the emulator and the hand-written command {@code runs} times each, appends a row per pair and the row of
     * the sums to {@code table}, and returns the emulator's CPU seconds over all runs. The emulator goes first in odd
     * runs, the hand-written command in even ones: whatever the first of two back-to-back runs pays (a cold page
     * cache, a burst of other work ending) falls on each side alike. Before this, the emulator always went first, and
     * its first run was the slowest of every table.
     */
    private static double sideBySide(StringBuilder table, int runs, Callable<Measure> emulator, Callable<Measure> hand)
            throws Exception {
        double emulatorTotal = 0;
        double handTotal = 0;
        for (int run = 1; run <= runs; run++) {
            Pair pair;
            if (run % 2 == 1) {
                Measure first = emulator.call();
                pair = new Pair(first, hand.call(), true);
            } else {
                Measure first = hand.call();
                pair = new Pair(emulator.call(), first, false);
            }
            emulatorTotal += pair.emulator().cpuSeconds();
            handTotal += pair.hand().cpuSeconds();
            table.append(row(run, pair));
        }
        table.append(total(emulatorTotal, handTotal));
        return emulatorTotal;
    }

    private static String row(int run, Pair pair) {
        Measure emulator = pair.emulator();
        Measure hand = pair.hand();
        return String.format(
                Locale.ROOT,
                "%-64s %16s %14.1f %8.3f  %s / %s%n",
                String.format(
                        Locale.ROOT,
                        "run %d, %s first (wall %.0f s / %.0f s, JVM %.1f / %.1f CPU s)",
                        run,
                        pair.emulatorFirst() ? "emulator" : "by hand",
                        emulator.wallSeconds(),
                        hand.wallSeconds(),
                        emulator.jvmSeconds(),
                        hand.jvmSeconds()),
                String.format(Locale.ROOT, "%.1f (probe %.2f)", emulator.cpuSeconds(), emulator.probeSeconds()),
                hand.cpuSeconds(),
                emulator.cpuSeconds() / hand.cpuSeconds(),
                emulator.load(),
                hand.load());
    }

    private static String total(double emulator, double hand) {
        return String.format(Locale.ROOT, "%-64s %16.1f %14.1f %8.3f%n", "all runs", emulator, hand, emulator / hand);
    }

    /**
     * The same outputs by hand, as cheaply as FFmpeg allows: decode once, keep 1080p as it is, scale to 720p once,
     * 540p from it and 360p from 540p, the captures from the 360p picture, one normalised audio encode for the CMAF track and the
     * MP4, the MP4 sharing the 720p encode through the tee muxer.
     */
    private Measure handWrittenLadder(Path bench, Path clip, String ffmpeg) throws Exception {
        Path out = fresh(bench.resolve("hand-written-ladder"));
        String graph = "[0:v]split=2[v1080][s];[s]scale=1280:720,split=2[v720][m1];[m1]scale=960:540,split=2[v540][m2];"
                + "[m2]scale=640:360,split=2[v360][c];"
                + "[c]select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,4.9995)',format=yuvj420p[cap];"
                + "[0:a]loudnorm=I=-16:TP=-1.5:LRA=11,"
                + "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[a]";
        String cmaf = ":f=hls:hls_time=6:hls_playlist_type=vod:hls_flags=independent_segments:start_number=1"
                + ":hls_segment_type=fmp4";
        StringBuilder tee = new StringBuilder();
        String[] names = {"r360", "r540", "r720", "r1080"};
        for (int v = 0; v < names.length; v++) {
            tee.append("[select=\\'v:").append(v).append("\\'").append(cmaf);
            tee.append(":hls_fmp4_init_filename=").append(names[v]).append("_init.mp4:hls_segment_filename=");
            tee.append(names[v]).append("_%05d.m4s]").append(names[v]).append(".m3u8|");
        }
        tee.append("[select=\\'a:0\\'").append(cmaf).append(":hls_fmp4_init_filename=audio_init.mp4");
        tee.append(":hls_segment_filename=audio_%05d.m4s]audio.m3u8|");
        tee.append("[select=\\'v:2,a:0\\':f=mp4:movflags=+faststart]video_720.mp4");
        String rung = "-preset:v:%1$d veryfast -profile:v:%1$d main -crf:v:%1$d 23 -maxrate:v:%1$d %2$d"
                + " -bufsize:v:%1$d %3$d -g:v:%1$d 60 -force_key_frames:v:%1$d 'expr:gte(t,n_forced*6)'";
        String script = ffmpeg + " -hide_banner -nostdin -y -loglevel error -i " + clip
                + " -filter_complex \"" + graph + "\""
                + " -map '[v360]' -map '[v540]' -map '[v720]' -map '[v1080]' -map '[a]' -c:v libx264"
                + " -flags:v +global_header "
                + String.format(Locale.ROOT, rung, 0, 1_000_000, 2_000_000) + " "
                + String.format(Locale.ROOT, rung, 1, 2_500_000, 5_000_000) + " "
                + String.format(Locale.ROOT, rung, 2, 4_500_000, 9_000_000) + " "
                + String.format(Locale.ROOT, rung, 3, 8_000_000, 16_000_000) + " "
                + "-c:a aac -b:a 96000 -flags:a +global_header -f tee \"" + tee + "\""
                + " -map '[cap]' -c:v mjpeg -q:v 8 -fps_mode vfr -frames:v 500 -start_number 0 thumb.%07d.jpg\n";
        return timed("best single hand-written FFmpeg command", out, script);
    }

    private Measure emulator(Path bench, Path clip, String ffmpeg, CreateJobRequest request) throws Exception {
        EmulatorFixture fixture = EmulatorFixture.get();
        Path cpuLog = bench.resolve("emulator-cpu.log");
        Path probeLog = bench.resolve("emulator-probe-cpu.log");
        Path wallLog = bench.resolve("emulator-wall.log");
        // The emulator's FFmpeg command as it ran, to compare with the hand-written one.
        Path argsLog = bench.resolve("emulator-command.log");
        Files.deleteIfExists(argsLog);
        Files.deleteIfExists(cpuLog);
        Files.deleteIfExists(probeLog);
        Files.deleteIfExists(wallLog);
        Path wrapper = bench.resolve("timed-ffmpeg.sh");
        // This JVM's CPU while FFmpeg runs, from /proc (user + system clock ticks; 0 where there is no /proc): the
        // work beside it on the same cores.
        String jvmTicks =
                "awk '{print $14 + $15}' /proc/" + ProcessHandle.current().pid() + "/stat 2>/dev/null || echo 0";
        Files.writeString(
                wrapper,
                "#!/bin/bash\nprintf '%q ' \"$@\" >> " + argsLog + "; echo >> " + argsLog
                        + "\nstart=$(date +%s%N)\njvm=$(" + jvmTicks + ")\n" + ffmpeg + " \"$@\"\nrc=$?\ntimes >> "
                        + cpuLog + "\necho \"$(( ($(date +%s%N) - start) / 1000000 )) $(( $(" + jvmTicks
                        + ") - jvm )) $(getconf CLK_TCK)\" >> " + wallLog + "\nexit $rc\n");
        wrapper.toFile().setExecutable(true);
        // The emulator's ffprobe (for an input its Java header read does not understand) is a child process too:
        // counted.
        Path probeWrapper = bench.resolve("timed-ffprobe.sh");
        Files.writeString(
                probeWrapper,
                "#!/bin/bash\n" + FfmpegBinaries.onPath("ffprobe") + " \"$@\"\nrc=$?\ntimes >> " + probeLog
                        + "\nexit $rc\n");
        probeWrapper.toFile().setExecutable(true);
        // The emulator at the local world's default pace (LocalWorld.Settings.of; the dev stack posts only every 2 s):
        // a STATUS_UPDATE a second, not the tests' five, and the job awaited with a GetJob a second, not ten. The
        // tests' pace kept this JVM busy for 1.6-2.3 CPU-s beside each 14-16 s FFmpeg run of the ladder, on the same
        // two cores (0.5-1.1 at this pace; 0.2-0.5 beside the hand-written command), and a process preempted more
        // often spends more CPU on the same work.
        try (MediaConvertEmulator emulator = MediaConvertEmulator.start(fixture.emulator
                        .config()
                        .withWorkDirectory(bench.resolve("emulator-work"))
                        .withFfmpeg(wrapper, probeWrapper)
                        .withStatusUpdateInterval(Duration.ofSeconds(1)));
                MediaConvertClient client = MediaConvertClient.builder()
                        .endpointOverride(emulator.endpoint())
                        .region(Region.of(LocalAws.REGION))
                        .credentialsProvider(LocalAws.credentials())
                        .build()) {
            String loadBefore = loadAverage();
            long start = System.nanoTime();
            String id = client.createJob(request).job().id();
            Job job;
            do {
                TimeUnit.MILLISECONDS.sleep(1000);
                job = client.getJob(b -> b.id(id)).job();
            } while (!JobRuns.ended(job));
            double wall = (System.nanoTime() - start) / 1e9;
            assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.COMPLETE);
            double ffmpegWall = 0;
            double jvmBeside = 0;
            for (String line : Files.readAllLines(wallLog)) {
                String[] fields = line.trim().split(" ");
                ffmpegWall += Long.parseLong(fields[0]) / 1000.0;
                jvmBeside += Double.parseDouble(fields[1]) / Double.parseDouble(fields[2]);
            }
            // The input's probe: ffprobe's CPU when it ran, plus the Java header read that spares it, timed on this
            // thread on the same file (an upper bound: its first call includes loading the class).
            double probes = (Files.exists(probeLog) ? cpu(probeLog) : 0) + headerReadSeconds(clip);
            return new Measure(
                    String.format(Locale.ROOT, "emulator (job; its FFmpeg alone: %.1f s wall)", ffmpegWall),
                    cpu(cpuLog) + probes,
                    probes,
                    wall,
                    loadBefore + "-" + loadAverage(),
                    jvmBeside);
        }
    }

    private static double headerReadSeconds(Path clip) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        MovieHeader.read(clip);
        return (threads.getCurrentThreadCpuTime() - start) / 1e9;
    }

    private Measure perRendition(Path bench, Path clip, String ffmpeg) throws Exception {
        Path out = fresh(bench.resolve("per-rendition"));
        String in = ffmpeg + " -hide_banner -nostdin -y -loglevel error -i " + clip;
        List<String> commands = List.of(
                in + " -vf scale=640:360 "
                        + ENCODE_720.replace("3000000", "800000").replace("6000000", "1600000") + " " + AUDIO + " "
                        + HLS + " -hls_segment_filename r360_%05d.ts r360.m3u8",
                in + " -vf scale=960:540 "
                        + ENCODE_720.replace("3000000", "1500000").replace("6000000", "3000000") + " " + AUDIO + " "
                        + HLS + " -hls_segment_filename r540_%05d.ts r540.m3u8",
                in + " -vf scale=1280:720 " + ENCODE_720 + " " + AUDIO + " " + HLS
                        + " -hls_segment_filename r720_%05d.ts r720.m3u8",
                in + " -vf scale=1280:720 " + ENCODE_720 + " " + AUDIO + " -movflags +faststart video_720.mp4",
                in + " -vf \"select='isnan(prev_selected_t)+gte(t-prev_selected_t,4.9995)',scale=1280:720\""
                        + " -fps_mode vfr -q:v 8 -frames:v 10 -start_number 0 thumb.%07d.jpg");
        String script = String.join(" &\n", commands) + " &\nwait\n";
        return timed("(a) one FFmpeg per rendition, in parallel", out, script);
    }

    private Measure handWritten(Path bench, Path clip, String ffmpeg) throws Exception {
        Path out = fresh(bench.resolve("hand-written"));
        String graph = "[0:v]scale=1280:720,split=3[v720][m1][c];[m1]scale=960:540,split=2[v540][m2];"
                + "[m2]scale=640:360[v360];"
                + "[c]select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,4.9995)',format=yuvj420p[cap]";
        String tee = "[select=\\'v:0,a\\':f=hls:hls_time=6:hls_playlist_type=vod:hls_flags=independent_segments:"
                + "start_number=1:hls_segment_filename=r360_%05d.ts]r360.m3u8|"
                + "[select=\\'v:1,a\\':f=hls:hls_time=6:hls_playlist_type=vod:hls_flags=independent_segments:"
                + "start_number=1:hls_segment_filename=r540_%05d.ts]r540.m3u8|"
                + "[select=\\'v:2,a\\':f=hls:hls_time=6:hls_playlist_type=vod:hls_flags=independent_segments:"
                + "start_number=1:hls_segment_filename=r720_%05d.ts]r720.m3u8|"
                + "[select=\\'v:2,a\\':f=mp4:movflags=+faststart]video_720.mp4";
        String rung = "-preset:v:%1$d veryfast -profile:v:%1$d main -crf:v:%1$d 23 -maxrate:v:%1$d %2$d"
                + " -bufsize:v:%1$d %3$d -g:v:%1$d 60 -force_key_frames:v:%1$d 'expr:gte(t,n_forced*6)'";
        String script = ffmpeg + " -hide_banner -nostdin -y -loglevel error -i " + clip
                + " -filter_complex \"" + graph + "\""
                + " -map '[v360]' -map '[v540]' -map '[v720]' -map 0:a -c:v libx264 -flags:v +global_header "
                + String.format(Locale.ROOT, rung, 0, 800_000, 1_600_000) + " "
                + String.format(Locale.ROOT, rung, 1, 1_500_000, 3_000_000) + " "
                + String.format(Locale.ROOT, rung, 2, 3_000_000, 6_000_000) + " "
                + AUDIO + " -flags:a +global_header -f tee \"" + tee + "\""
                + " -map '[cap]' -c:v mjpeg -q:v 8 -fps_mode vfr -frames:v 10 -start_number 0 thumb.%07d.jpg\n";
        return timed("(b) best single hand-written FFmpeg command", out, script);
    }

    private static Measure timed(String name, Path dir, String script) throws Exception {
        Path file = dir.resolve("run.sh");
        Files.writeString(file, "#!/bin/bash\nset -e\n" + script + "times > cpu.log\n");
        String loadBefore = loadAverage();
        double jvmBefore = jvmCpuSeconds();
        long start = System.nanoTime();
        // At the emulator's own priority (its transcodes run niced, behind live encoders): on a busy machine a niced
        // process is preempted more often, which costs CPU time too, so both sides run alike.
        shell(dir, String.join(" ", Niceness.apply(Niceness.BATCH, List.of("bash", file.toString()))));
        double wall = (System.nanoTime() - start) / 1e9;
        return new Measure(
                name,
                cpu(dir.resolve("cpu.log")),
                0,
                wall,
                loadBefore + "-" + loadAverage(),
                jvmCpuSeconds() - jvmBefore);
    }

    /** CPU seconds of this JVM's own threads so far (not its children's). */
    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /** The 1-minute load average, or "?" where /proc/loadavg does not exist (macOS). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Sums the children's user and system time from bash {@code times} output, which is two lines per call: the
     * shell's own times, then its children's ("0m41.234s 0m1.370s"). (It must not run in a pipeline: a
     * subshell has no children to report.)
     */
    private static double cpu(Path log) throws IOException {
        double total = 0;
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i += 2) {
            String line = lines.get(i);
            for (String part : line.trim().split("\\s+")) {
                int m = part.indexOf('m');
                total += Integer.parseInt(part.substring(0, m)) * 60
                        + Double.parseDouble(part.substring(m + 1, part.length() - 1));
            }
        }
        return total;
    }

    /** A 1920x1080 30 fps test pattern with a tone, made once per length. */
    private static Path fullHdClip(Path bench, int seconds) throws Exception {
        Path clip = bench.resolve("source-1080p-" + seconds + "s.mp4");
        if (!Files.exists(clip)) {
            shell(
                    bench,
                    "ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1920x1080:rate=30:duration="
                            + seconds + " -f lavfi -i sine=frequency=440:sample_rate=48000:duration=" + seconds
                            + " -c:v libx264 -preset ultrafast -crf 20 -pix_fmt yuv420p -c:a aac -shortest"
                            + " -movflags +faststart " + clip);
        }
        return clip;
    }

    private static Path fresh(Path dir) throws IOException {
        JobRunner.delete(dir);
        return Files.createDirectories(dir);
    }

    private static void shell(Path dir, String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command)
                .directory(dir.toFile())
                .inheritIO()
                .start();
        assertThat(process.waitFor(Duration.ofMinutes(30).toMinutes(), TimeUnit.MINUTES))
                .isTrue();
        assertThat(process.exitValue()).as(command).isZero();
    }
}
