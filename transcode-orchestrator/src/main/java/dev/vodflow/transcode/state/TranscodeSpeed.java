package dev.vodflow.transcode.state;

import dev.vodflow.transcode.job.TranscodeJob;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code vodflow.transcode.duration.per.source.minute}: seconds from submission to completion per minute of source,
 * a histogram, so a slow queue or a slow template shows whatever the length of the videos.
 */
class TranscodeSpeed {

    static final String METRIC = "vodflow.transcode.duration.per.source.minute";

    private final DistributionSummary perSourceMinute;

    TranscodeSpeed(MeterRegistry meters) {
        this.perSourceMinute = DistributionSummary.builder(METRIC)
                .description("Transcode time (submission to completion) per minute of source")
                .baseUnit("seconds")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(3600.0)
                .register(meters);
    }

    /** Records a completed attempt; one never submitted or with a source of unknown length is left out. */
    void completed(TranscodeJob job, long sourceDurationMs, Instant finished) {
        if (job.submittedAt() == null || sourceDurationMs <= 0 || finished.isBefore(job.submittedAt())) {
            return;
        }
        double seconds = Duration.between(job.submittedAt(), finished).toMillis() / 1000.0;
        perSourceMinute.record(seconds / (sourceDurationMs / 60_000.0));
    }
}
