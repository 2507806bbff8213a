package dev.vodflow.transcode.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the orchestrator turns an upload into a MediaConvert job and watches it.
 *
 * @param template the name of the template every upload gets, one of {@code templates}
 * @param templates named output templates: {@code default} adapts a ladder up to 2160p to each source and packages
 *     it as CMAF with HLS and DASH manifests; {@code reference} is the first wave's HLS 360/540/720 in MPEG-TS
 * @param maxSourceDuration longer sources are refused before any job is created
 * @param maxAttempts how many MediaConvert jobs a video gets when jobs fail with service faults
 * @param serviceFaultCodes MediaConvert error codes worth retrying, as codes and ranges ({@code 1500-1599,1999})
 */
@Validated
@ConfigurationProperties("vodflow.transcode")
public record TranscodeProperties(
        @NotBlank String template,
        @NotEmpty Map<String, @Valid Template> templates,
        @NotNull Duration maxSourceDuration,
        @Min(1) int maxAttempts,
        @NotBlank String serviceFaultCodes,
        @NotNull @Valid MediaConvert mediaconvert,
        @NotNull @Valid Probe probe,
        @NotNull @Valid Reconcile reconcile,
        @NotNull @Valid JobEvents jobEvents,
        @NotNull @Valid CreateJob createJob) {

    public TranscodeProperties {
        if (template != null && templates != null && !templates.containsKey(template)) {
            throw new IllegalArgumentException("vodflow.transcode.template is '" + template
                    + "', which is not one of the configured vodflow.transcode.templates " + templates.keySet());
        }
    }

    /** The template in use. */
    public Template activeTemplate() {
        return templates.get(template);
    }

    /** How the ladder is packaged; both may be chosen, each its own output group over the same encodes. */
    public enum Packaging {
        /** HLS with MPEG-TS segments, audio muxed into every rung (players from before fMP4 HLS). */
        HLS_TS,
        /** fMP4 segments with an HLS and a DASH manifest, one audio rendition for every rung. */
        CMAF
    }

    /**
     * One output template: a ladder packaged as configured, a progressive MP4 and JPEG captures, adapted per source.
     *
     * @param ladder rungs as bounding boxes in landscape orientation with QVBR peak bitrates; a portrait source gets
     *     them transposed, and rungs larger than the source are dropped (never upscaled)
     */
    public record Template(
            @NotEmpty List<@NotNull Packaging> packaging,
            @NotNull Duration segmentLength,
            @NotNull Duration gopSize,
            @Min(1) @Max(10) int qvbrQualityLevel,
            @NotEmpty List<@Valid Rung> ladder,
            @NotNull @Valid Rung mp4,
            @NotNull @Valid Thumbnails thumbnails,
            @NotNull @Valid Audio audio) {}

    /** A bounding box and the peak bitrate in bits per second. */
    public record Rung(
            @Min(2) int width,
            @Min(2) int height,
            @Min(1000) int maxBitrate) {}

    public record Thumbnails(
            @NotNull Duration interval,
            @Min(2) int width,
            @Min(2) int height,
            @Min(1) int quality,
            @Min(1) int maxCaptures) {}

    /**
     * AAC audio: bitrate in bits per second, sample rate in Hz.
     *
     * @param loudnessTarget integrated loudness to normalise to, in LUFS (ITU BS.1770 / EBU R128: -23 for broadcast,
     *     -16 for streaming); absent to leave the level as uploaded
     */
    public record Audio(
            @Min(16000) int bitrate,
            @Min(8000) int sampleRate,
            @DecimalMin("-59.0") @DecimalMax("-5.0") Double loudnessTarget) {}

    /** @param queue a MediaConvert queue ARN, or empty for the account's default queue */
    public record MediaConvert(@NotBlank String roleArn, String queue) {}

    /** ffprobe reads the source through a short-lived presigned URL. */
    public record Probe(
            @NotNull Path ffprobe,
            @NotNull Duration timeout,
            @NotNull Duration urlValidity,
            @NotBlank String formats) {}

    /**
     * @param quietAfter a job with no state event for this long is asked about with GetJob
     * @param hardLimit a job not finished this long after it was created is failed
     */
    public record Reconcile(
            @NotNull Duration interval,
            @NotNull Duration quietAfter,
            @NotNull Duration hardLimit) {}

    /** The SQS queue of MediaConvert job state events (EventBridge rule target). */
    public record JobEvents(
            boolean enabled,
            @NotNull Duration waitTime,
            @Min(1) int maxMessages) {}

    /** CreateJob retries: exponential backoff with jitter, then the breaker decides. */
    public record CreateJob(
            @Min(1) int maxAttempts,
            @NotNull Duration initialBackoff,
            double backoffMultiplier,
            double jitter,
            @NotNull Duration maxBackoff,
            @Min(1) int breakerWindow,
            @Min(1) int breakerFailureRatePercent,
            @NotNull Duration breakerOpenFor) {}
}
