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
    void withNoFfmpegOnThePathTheBundledBinariesAreUsedWithoutAnyFlag() {
        FfmpegBinaries binaries = FfmpegBinaries.locate(null, null, cache, "");

        assertThat(binaries.ffmpeg()).startsWith(cache);
        assertThat(binaries.ffprobe()).startsWith(cache);
        ProcessRun.Result encoders = ProcessRun.run(
                List.of(binaries.ffmpeg().toString(), "-hide_banner", "-encoders"), Duration.ofSeconds(30));
        assertThat(encoders.exitCode()).as(encoders.stderr()).isZero();
        assertThat(encoders.stdout()).contains("libx264", "aac", "mjpeg");
        ProcessRun.Result probe =
                ProcessRun.run(List.of(binaries.ffprobe().toString(), "-version"), Duration.ofSeconds(30));
        assertThat(probe.exitCode()).as(probe.stderr()).isZero();
    }

    @Test
    void aMissingSystemLibraryIsNamedWithWhatToInstall() {
        String advice = FfmpegBinaries.missingLibraryAdvice(
                "/tmp/x/ffmpeg: error while loading shared libraries: libpulse.so.0: cannot open shared object file:"
                        + " No such file or directory",
                Path.of("/tmp/x/ffmpeg"));

        assertThat(advice)
                .contains("needs the system library libpulse.so.0")
                .contains("apt-get install libpulse0")
                .contains("apt-get install ffmpeg");
    }
}
