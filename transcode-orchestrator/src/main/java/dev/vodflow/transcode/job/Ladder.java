package dev.vodflow.transcode.job;

import dev.vodflow.transcode.job.OutputPlan.Capture;
import dev.vodflow.transcode.job.OutputPlan.Picture;
import dev.vodflow.transcode.job.TranscodeProperties.Rung;
import dev.vodflow.transcode.job.TranscodeProperties.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Adapts the configured ladder to one source. Rungs are bounding boxes: each output fits the source's aspect
 * ratio inside its box (transposed for portrait sources), only boxes that scale the source down are kept, and a
 * source smaller than the top box also gets a rendition at its own size, so nothing is ever upscaled.
 */
class Ladder {

    static final String SOURCE_TOO_LONG = "SOURCE_TOO_LONG";
    static final String SOURCE_HAS_NO_MEDIA = "SOURCE_HAS_NO_MEDIA";

    private final Template template;
    private final Duration maxDuration;

    Ladder(Template template, Duration maxDuration) {
        this.template = template;
        this.maxDuration = maxDuration;
    }

    OutputPlan plan(SourceMedia source) {
        if (source.durationMs() > maxDuration.toMillis()) {
            throw new SourceRefusedException(
                    SOURCE_TOO_LONG,
                    "The video is " + humanDuration(source.durationMs()) + " long; the longest we accept is "
                            + humanDuration(maxDuration.toMillis()) + ". Trim it and upload it again.");
        }
        if (!source.hasVideo()) {
            if (!source.hasAudio()) {
                throw new SourceRefusedException(
                        SOURCE_HAS_NO_MEDIA, "The file has neither a video nor an audio track we can play.");
            }
            return new OutputPlan(List.of(), null, null, true, false);
        }
        int width = source.displayWidth();
        int height = source.displayHeight();
        if (width < 2 || height < 2) {
            throw new SourceRefusedException(
                    SOURCE_HAS_NO_MEDIA, "The video track has no usable picture size (" + width + "x" + height + ").");
        }
        List<Rung> rungs = template.ladder().stream()
                .sorted(Comparator.comparingLong(r -> (long) r.width() * r.height()))
                .toList();
        List<Picture> ladder = new ArrayList<>();
        for (Rung rung : rungs) {
            Picture picture = fit(width, height, rung);
            if (picture != null && !ladder.contains(picture)) {
                ladder.add(picture);
            }
        }
        Rung top = rungs.get(rungs.size() - 1);
        if (scale(width, height, top) >= 1.0) {
            Picture own = new Picture(even(width), even(height), ownBitrate(width, height, rungs));
            if (ladder.stream().noneMatch(p -> p.width() == own.width() && p.height() == own.height())) {
                ladder.add(own);
            }
        }
        Picture mp4 = fitNoUpscale(width, height, template.mp4());
        TranscodeProperties.Thumbnails thumbs = template.thumbnails();
        Picture thumbSize = fitNoUpscale(width, height, new Rung(thumbs.width(), thumbs.height(), 1000));
        long intervalMs = thumbs.interval().toMillis();
        int captures = (int) Math.min(thumbs.maxCaptures(), Math.max(1, source.durationMs() / intervalMs + 1));
        Capture capture = new Capture(thumbSize.width(), thumbSize.height(), intervalMs, captures, thumbs.quality());
        return new OutputPlan(ladder, mp4, capture, source.hasAudio(), source.rotation() != 0);
    }

    /** The rung's box, transposed when the source is portrait. */
    private static double scale(int width, int height, Rung rung) {
        boolean portrait = height > width;
        int boxWidth = portrait ? Math.min(rung.width(), rung.height()) : Math.max(rung.width(), rung.height());
        int boxHeight = portrait ? Math.max(rung.width(), rung.height()) : Math.min(rung.width(), rung.height());
        return Math.min((double) boxWidth / width, (double) boxHeight / height);
    }

    /** The rung as a downscale of the source, or null when it would not make the picture smaller. */
    private static Picture fit(int width, int height, Rung rung) {
        double scale = scale(width, height, rung);
        if (scale >= 1.0) {
            return null;
        }
        return new Picture(even(width * scale), even(height * scale), rung.maxBitrate());
    }

    private static Picture fitNoUpscale(int width, int height, Rung rung) {
        double scale = Math.min(1.0, scale(width, height, rung));
        return new Picture(even(width * scale), even(height * scale), rung.maxBitrate());
    }

    /** The bitrate of the smallest box holding the source, scaled by pixel count. */
    private static int ownBitrate(int width, int height, List<Rung> rungs) {
        long pixels = (long) width * height;
        for (Rung rung : rungs) {
            if (scale(width, height, rung) >= 1.0) {
                long boxPixels = (long) rung.width() * rung.height();
                return (int) Math.max(100_000, Math.min(rung.maxBitrate(), rung.maxBitrate() * pixels / boxPixels));
            }
        }
        return rungs.get(rungs.size() - 1).maxBitrate();
    }

    /** 4:2:0 video needs even dimensions; round down, never below 2. */
    private static int even(double value) {
        int rounded = (int) Math.round(value);
        return Math.max(2, rounded - (rounded % 2));
    }

    static String humanDuration(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return d.toSeconds() + " s";
    }
}
