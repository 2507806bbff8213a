package dev.vodflow.transcode.job;

import java.time.Duration;
import java.util.List;

/** The reference template, as application.yml configures it. */
public final class TemplateFixtures {

    private TemplateFixtures() {}

    public static TranscodeProperties.Template reference() {
        return new TranscodeProperties.Template(
                Duration.ofSeconds(6),
                Duration.ofSeconds(2),
                7,
                List.of(
                        new TranscodeProperties.Rung(640, 360, 1_000_000),
                        new TranscodeProperties.Rung(960, 540, 2_500_000),
                        new TranscodeProperties.Rung(1280, 720, 4_500_000)),
                new TranscodeProperties.Rung(1280, 720, 4_500_000),
                new TranscodeProperties.Thumbnails(Duration.ofSeconds(5), 640, 360, 80, 500),
                new TranscodeProperties.Audio(128_000, 48_000));
    }

    public static Ladder ladder() {
        return new Ladder(reference(), Duration.ofHours(4));
    }
}
