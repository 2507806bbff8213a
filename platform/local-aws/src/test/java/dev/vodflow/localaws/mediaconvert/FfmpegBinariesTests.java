package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegBinariesTests {

    @TempDir
    Path cache;

    @Test
    void configuredPathWinsAndProbeIsFoundNextToIt() {
        Path ffmpeg = FfmpegBinaries.onPath("ffmpeg");
        assertThat(ffmpeg).as("ffmpeg on the PATH (.ci/run installs it)").isNotNull();

        FfmpegBinaries binaries = FfmpegBinaries.locate(ffmpeg, null, cache);

        assertThat(binaries.ffmpeg()).isEqualTo(ffmpeg);
        assertThat(binaries.ffprobe()).isEqualTo(ffmpeg.resolveSibling("ffprobe"));
        assertThatThrownBy(() -> FfmpegBinaries.locate(cache.resolve("ffmpeg"), null, cache))
                .hasMessageContaining("Not an executable");
    }

    @Test
    void bundledBinariesRunWhenTheBytedecoJarIsOnTheClassPath() {
        // Off by default; `-Pbundled-ffmpeg` puts the jar on the class path.
        boolean bundled = getClass()
                        .getClassLoader()
                        .getResource("org/bytedeco/ffmpeg/" + FfmpegBinaries.platform() + "-gpl/ffmpeg")
                != null;

        FfmpegBinaries binaries = FfmpegBinaries.bytedeco(cache);

        if (!bundled) {
            assertThat(binaries).isNull();
            return;
        }
        ProcessRun.Result version = ProcessRun.run(
                List.of(binaries.ffmpeg().toString(), "-hide_banner", "-encoders"), Duration.ofSeconds(30));
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).contains("libx264", "aac", "mjpeg");
    }
}
