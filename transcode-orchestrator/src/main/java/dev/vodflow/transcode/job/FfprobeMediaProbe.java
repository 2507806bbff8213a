package dev.vodflow.transcode.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import tools.jackson.databind.json.JsonMapper;

/**
 * Probes a source with ffprobe reading a short-lived presigned GET URL: only the container headers are read
 * (with HTTP range requests), nothing is downloaded in full, and the service needs no shared disk. The input is
 * hostile until proven otherwise: only the HTTP(S) protocols and a whitelist of container demuxers are allowed
 * (so a playlist renamed {@code .mp4} cannot make ffprobe fetch other URLs), reads time out, and the process
 * is killed past a deadline.
 */
class FfprobeMediaProbe implements MediaProbe {

    private static final Logger log = LoggerFactory.getLogger(FfprobeMediaProbe.class);
    static final String SOURCE_NOT_FOUND = "SOURCE_NOT_FOUND";
    static final String SOURCE_EMPTY = "SOURCE_EMPTY";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final TranscodeProperties.Probe settings;
    private final JsonMapper json;

    FfprobeMediaProbe(S3Client s3, S3Presigner presigner, TranscodeProperties.Probe settings, JsonMapper json) {
        this.s3 = s3;
        this.presigner = presigner;
        this.settings = settings;
        this.json = json;
    }

    @Override
    public SourceMedia probe(String bucket, String key) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw notFound(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw notFound(key);
            }
            throw e;
        }
        if (head.contentLength() == null || head.contentLength() == 0) {
            throw new SourceRefusedException(SOURCE_EMPTY, "The uploaded file is empty (0 bytes).");
        }
        String url = presigner
                .presignGetObject(p -> p.signatureDuration(settings.urlValidity())
                        .getObjectRequest(g -> g.bucket(bucket).key(key)))
                .url()
                .toString();
        return run(url);
    }

    private static SourceRefusedException notFound(String key) {
        return new SourceRefusedException(
                SOURCE_NOT_FOUND, "The uploaded file is no longer in storage (" + key + "); upload it again.");
    }

    SourceMedia run(String url) {
        List<String> command = List.of(
                settings.ffprobe().toString(),
                "-v",
                "error",
                "-rw_timeout",
                Long.toString(settings.timeout().toNanos() / 1000),
                "-protocol_whitelist",
                "http,https,tcp,tls",
                "-format_whitelist",
                settings.formats(),
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                url);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new TransientException("cannot start " + settings.ffprobe() + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new SourceRefusedException(
                        FfprobeOutput.SOURCE_NOT_MEDIA,
                        "We could not read the file's format within "
                                + settings.timeout().toSeconds() + " s.");
            }
            String out = stdout.get(5, TimeUnit.SECONDS);
            String err = stderr.get(5, TimeUnit.SECONDS).strip();
            if (process.exitValue() != 0) {
                throw classify(err);
            }
            return FfprobeOutput.parse(json, out);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TransientException("interrupted while probing", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new TransientException("cannot read ffprobe's output", e);
        }
    }

    /** Network trouble is worth another try; anything else means the bytes are not media we can read. */
    static RuntimeException classify(String stderr) {
        String lower = stderr.toLowerCase(Locale.ROOT);
        if (lower.contains("connection refused")
                || lower.contains("timed out")
                || lower.contains("connection reset")
                || lower.contains("server returned 5")
                || lower.contains("server returned 4")
                || lower.contains("i/o error")) {
            log.warn("ffprobe could not reach the source: {}", stderr);
            return new TransientException("ffprobe could not read the source: " + lastLine(stderr));
        }
        return new SourceRefusedException(
                FfprobeOutput.SOURCE_NOT_MEDIA,
                "The file is not a video or audio file we can read (" + lastLine(stderr)
                        + "). Upload an MP4, MOV, MKV, WebM, AVI, MP3, WAV or similar file.");
    }

    /** ffprobe's last line names the problem; the presigned URL in it is cut off, it holds a signature. */
    private static String lastLine(String stderr) {
        String[] lines = stderr.split("\\R");
        String last = lines.length == 0 ? "" : lines[lines.length - 1];
        int colon = last.lastIndexOf(": ");
        String reason = colon >= 0 ? last.substring(colon + 2) : last;
        return reason.isBlank() ? "unknown format" : reason;
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
