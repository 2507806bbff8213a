package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.Niceness;
import dev.vodflow.localaws.mediaconvert.OutputCollector.Collected;
import dev.vodflow.localaws.mediaconvert.OutputCollector.Upload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Runs one job on a worker thread: fetch, probe, transcode in one FFmpeg, verify, upload, report. */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final S3Client s3;
    private final FfmpegBinaries binaries;
    private final Prober prober;
    private final Path workDirectory;
    private final Duration minimumTimeout;
    private final Clock clock;

    JobRunner(
            S3Client s3,
            FfmpegBinaries binaries,
            Prober prober,
            Path workDirectory,
            Duration minimumTimeout,
            Clock clock) {
        this.s3 = s3;
        this.binaries = binaries;
        this.prober = prober;
        this.workDirectory = workDirectory;
        this.minimumTimeout = minimumTimeout;
        this.clock = clock;
    }

    void run(Job job) {
        if (!job.start(clock.instant())) {
            return;
        }
        Path dir = workDirectory.resolve(job.id());
        try {
            Files.createDirectories(dir);
            Path input = dir.resolve("input.bin");
            download(job, input);
            MediaInfo media = prober.probe(input, job.spec().input().toString());
            job.inputInformation(media, clock.instant());
            TranscodePlan plan =
                    TranscodePlan.create(job.spec(), media, binaries.ffmpeg().toString());
            job.enter(Job.Phase.TRANSCODING, clock.instant());
            double encoded = transcode(job, plan, media, dir);
            if (job.isTerminal()) {
                return;
            }
            Collected collected =
                    OutputCollector.collect(plan, dir, media.durationSeconds() > 0 ? media.durationSeconds() : encoded);
            job.enter(Job.Phase.UPLOADING, clock.instant());
            upload(job, collected);
            job.complete(collected.groups(), clock.instant());
        } catch (JobFailure failure) {
            job.fail(failure.code(), failure.getMessage(), clock.instant());
        } catch (RuntimeException | IOException e) {
            log.warn("Job {} failed unexpectedly", job.id(), e);
            job.fail(JobFailure.INTERNAL, "Internal error: " + e, clock.instant());
        } finally {
            delete(dir);
        }
    }

    private void download(Job job, Path target) throws JobFailure {
        JobSpec.S3Uri uri = job.spec().input();
        try {
            s3.getObject(
                    GetObjectRequest.builder()
                            .bucket(uri.bucket())
                            .key(uri.key())
                            .build(),
                    target);
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw Prober.unreadable(uri.toString(), "the object does not exist");
        } catch (SdkException e) {
            throw Prober.unreadable(uri.toString(), e.getMessage());
        }
    }

    /** Runs the job's FFmpeg and returns the seconds of media it produced; fails on errors and short output. */
    private double transcode(Job job, TranscodePlan plan, MediaInfo media, Path dir) throws JobFailure, IOException {
        Path stderrLog = dir.resolve("ffmpeg.log");
        // batch work: behind the live encoders that may share this machine (Niceness)
        Process process = new ProcessBuilder(Niceness.apply(Niceness.BATCH, plan.command()))
                .directory(dir.toFile())
                .redirectError(stderrLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        if (!job.attach(process)) {
            process.destroyForcibly();
        }
        double duration = media.durationSeconds();
        Duration timeout = minimumTimeout.plus(Duration.ofMillis((long) (duration * 20_000)));
        double[] outTime = {0};
        Thread reader =
                new Thread(() -> readProgress(job, process, duration, plan, outTime), "ffmpeg-progress-" + job.id());
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new JobFailure(JobFailure.INTERNAL, "The emulator shut down while the job was running");
        } finally {
            job.detach();
        }
        if (job.isTerminal()) {
            return 0;
        }
        if (!finished) {
            throw new JobFailure(
                    JobFailure.TRANSCODE_FAILED,
                    "Transcoding did not finish within " + timeout.toSeconds() + " s and was stopped");
        }
        if (process.exitValue() != 0) {
            throw new JobFailure(
                    JobFailure.TRANSCODE_FAILED,
                    "Transcoding failed (ffmpeg exit " + process.exitValue() + "): "
                            + Prober.lastLine(tail(stderrLog)));
        }
        synchronized (outTime) {
            if (duration > 0 && outTime[0] < duration * 0.9 - 0.5) {
                throw new JobFailure(
                        JobFailure.TRANSCODE_FAILED,
                        String.format(
                                Locale.ROOT,
                                "The input ended after %.2f s of the %.2f s its header declares: the file is"
                                        + " truncated or damaged",
                                outTime[0],
                                duration));
            }
            return outTime[0];
        }
    }

    /**
     * Follows FFmpeg's {@code -progress} report. How far the input was read is the larger of {@code out_time} and the
     * first video stream's frame count over its rate: FFmpeg 7 and later report as {@code out_time} the slowest
     * output stream, and a frame capture that takes one picture every few seconds stays behind until the end.
     */
    private static void readProgress(Job job, Process process, double duration, TranscodePlan plan, double[] outTime) {
        double frameRate = plan.frameRate();
        double videoRate = plan.firstVideoRate();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long frames = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                int equals = line.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String key = line.substring(0, equals);
                String value = line.substring(equals + 1).strip();
                switch (key) {
                    case "frame" -> frames = parseLong(value, frames);
                    case "out_time_us" -> {
                        long micros = parseLong(value, -1);
                        if (micros >= 0) {
                            synchronized (outTime) {
                                outTime[0] = Math.max(outTime[0], micros / 1_000_000.0);
                            }
                        }
                    }
                    case "progress" -> {
                        double seconds;
                        synchronized (outTime) {
                            if (videoRate > 0) {
                                outTime[0] = Math.max(outTime[0], frames / videoRate);
                            }
                            seconds = outTime[0];
                        }
                        if (frames == 0 && frameRate > 0) {
                            frames = Math.round(seconds * frameRate);
                        }
                        int percent = duration > 0 ? (int) Math.min(100, seconds * 100 / duration) : 0;
                        job.progress(percent, frames, java.time.Instant.now());
                    }
                    default -> {}
                }
            }
        } catch (IOException e) {
            // The process ended or was killed; its exit status tells what happened.
        }
    }

    private static long parseLong(String value, long fallback) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void upload(Job job, Collected collected) throws JobFailure {
        List<Upload> all = new java.util.ArrayList<>(collected.media());
        all.addAll(collected.playlists());
        int done = 0;
        for (Upload upload : all) {
            if (job.isTerminal()) {
                return;
            }
            PutObjectRequest request = PutObjectRequest.builder()
                    .bucket(upload.bucket())
                    .key(upload.key())
                    .contentType(upload.contentType())
                    .build();
            try {
                s3.putObject(
                        request,
                        upload.file() != null
                                ? RequestBody.fromFile(upload.file())
                                : RequestBody.fromBytes(upload.content()));
            } catch (SdkException e) {
                throw new JobFailure(
                        JobFailure.OUTPUT_WRITE_FAILED,
                        "Unable to write to output file [s3://" + upload.bucket() + "/" + upload.key() + "]: "
                                + e.getMessage());
            }
            done++;
            job.progress(done * 100 / all.size(), 0, clock.instant());
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "";
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.debug("Could not delete {}: {}", dir, e.toString());
        }
    }
}
