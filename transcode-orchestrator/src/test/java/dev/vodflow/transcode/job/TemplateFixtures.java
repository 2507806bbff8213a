package dev.vodflow.transcode.job;

import dev.vodflow.transcode.job.TranscodeProperties.Packaging;
import dev.vodflow.transcode.job.TranscodeProperties.Rung;
import java.time.Duration;
import java.util.List;

/** The two templates, as application.yml configures them. */
public final class TemplateFixtures {

    private static final Rung MP4 = new Rung(1280, 720, 4_500_000);
    private static final TranscodeProperties.Thumbnails THUMBNAILS =
            new TranscodeProperties.Thumbnails(Duration.ofSeconds(5), 640, 360, 80, 500);
    private static final List<Rung> REFERENCE_LADDER =
            List.of(new Rung(640, 360, 1_000_000), new Rung(960, 540, 2_500_000), MP4);

    private TemplateFixtures() {}

    /** The first wave's ladder: HLS 360/540/720 in MPEG-TS, audio as uploaded. */
    public static TranscodeProperties.Template reference() {
        return new TranscodeProperties.Template(
                List.of(Packaging.HLS_TS),
                Duration.ofSeconds(6),
                Duration.ofSeconds(2),
                7,
                REFERENCE_LADDER,
                MP4,
                THUMBNAILS,
                new TranscodeProperties.Audio(128_000, 48_000, null));
    }

    /** The default: up to 2160p, CMAF with HLS and DASH, audio normalised to -16 LUFS. */
    public static TranscodeProperties.Template standard() {
        List<Rung> ladder = new java.util.ArrayList<>(REFERENCE_LADDER);
        ladder.addAll(List.of(
                new Rung(1920, 1080, 8_000_000), new Rung(2560, 1440, 12_000_000), new Rung(3840, 2160, 20_000_000)));
        return new TranscodeProperties.Template(
                List.of(Packaging.CMAF),
                Duration.ofSeconds(6),
                Duration.ofSeconds(2),
                7,
                ladder,
                MP4,
                THUMBNAILS,
                new TranscodeProperties.Audio(128_000, 48_000, -16.0));
    }

    public static Ladder ladder() {
        return new Ladder(reference(), Duration.ofHours(4));
    }

    public static Ladder standardLadder() {
        return new Ladder(standard(), Duration.ofHours(4));
    }
}
