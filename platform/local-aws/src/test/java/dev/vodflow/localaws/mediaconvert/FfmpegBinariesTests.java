package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegBinariesTests {

    @TempDir
    Path cache;

    @Test
    void configuredPathWinsAndProbeIsFoundNextToIt() throws IOException {
        // Programs of its own, so that this runs on a machine with no FFmpeg installed too.
        Path ffmpeg = executable(cache.resolve("configured/ffmpeg"));
        executable(cache.resolve("configured/ffprobe"));

        FfmpegBinaries binaries = FfmpegBinaries.locate(ffmpeg, null, cache, "/usr/bin:/bin");

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
    void uploadsAreProbedWithTheBundledFfprobeWhereItRuns() {
        Path fallback = cache.resolve("elsewhere/ffprobe");

        Path probe = FfmpegBinaries.quickProbe(fallback, cache);

        assertThat(probe).startsWith(cache.resolve("bytedeco-ffmpeg"));
        ProcessRun.Result version = ProcessRun.run(List.of(probe.toString(), "-version"), Duration.ofSeconds(30));
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("ffprobe version");
    }

    @Test
    void onlyTheBundledFfprobeHasToRunForUploadsToBeProbedWithIt() throws IOException {
        Path fallback = cache.resolve("elsewhere/ffprobe");
        FfmpegBinaries.quickProbe(fallback, cache);
        Path build;
        try (Stream<Path> builds = Files.list(cache.resolve("bytedeco-ffmpeg"))) {
            build = builds.findFirst().orElseThrow();
        }
        Files.writeString(build.resolve("ffmpeg"), "#!/bin/sh\necho 'this ffmpeg is broken' >&2\nexit 1\n");

        Path probe = FfmpegBinaries.quickProbe(fallback, cache);

        assertThat(probe).startsWith(build);
    }

    @Test
    void extractingABuildRemovesTheOnesExtractedBeforeIt() throws IOException {
        Path legacy = executable(cache.resolve("bytedeco-ffmpeg/linux-x86_64-gpl/ffmpeg"))
                .getParent();
        Path older = executable(cache.resolve("bytedeco-ffmpeg/ffmpeg-7.1-1.5.11-linux-x86_64-gpl/with-shims/ffprobe"))
                .getParent()
                .getParent();

        Path probe = FfmpegBinaries.quickProbe(cache.resolve("elsewhere/ffprobe"), cache);

        assertThat(probe).startsWith(cache.resolve("bytedeco-ffmpeg"));
        assertThat(legacy).doesNotExist();
        assertThat(older).doesNotExist();
        try (Stream<Path> builds = Files.list(cache.resolve("bytedeco-ffmpeg"))) {
            assertThat(builds.toList()).singleElement().satisfies(build -> assertThat(probe)
                    .startsWith(build));
        }
    }

    @Test
    void aFallbackThatIsAlreadyTheBundledFfprobeIsTakenWithoutExtractingOrCheckingAgain() {
        Path bundled = cache.resolve("bytedeco-ffmpeg/ffmpeg-8.0.1-1.5.13-linux-x86_64-gpl/with-shims/ffprobe");

        assertThat(FfmpegBinaries.quickProbe(bundled, cache)).isEqualTo(bundled);
        assertThat(cache.resolve("bytedeco-ffmpeg")).doesNotExist();
    }

    @Test
    void whereTheBundledFfprobeCannotBeMadeToRunUploadsAreProbedWithTheOtherOne() throws IOException {
        Path fallback = cache.resolve("elsewhere/ffprobe");
        Path notADirectory = Files.writeString(cache.resolve("a-file"), "");

        assertThat(FfmpegBinaries.quickProbe(fallback, notADirectory)).isEqualTo(fallback);
    }

    @Test
    void eachBuildIsExtractedToAFolderNamedAfterItsJarSoANewerOneIsNotTakenForAnOlder() {
        String entry = "!/org/bytedeco/ffmpeg/linux-x86_64-gpl/ffmpeg";
        String variant = "linux-x86_64-gpl";

        assertThat(FfmpegBinaries.extractedName(
                        "jar:file:/root/.m2/repository/org/bytedeco/ffmpeg/8.0.1-1.5.13/"
                                + "ffmpeg-8.0.1-1.5.13-linux-x86_64-gpl.jar" + entry,
                        variant))
                .isEqualTo("ffmpeg-8.0.1-1.5.13-linux-x86_64-gpl");
        assertThat(FfmpegBinaries.extractedName(
                        "jar:nested:/srv/devstack.jar/!BOOT-INF/lib/ffmpeg-8.1-1.5.14-linux-x86_64-gpl.jar" + entry,
                        variant))
                .isEqualTo("ffmpeg-8.1-1.5.14-linux-x86_64-gpl");
        assertThat(FfmpegBinaries.extractedName(
                        "file:/build/classes/org/bytedeco/ffmpeg/linux-x86_64-gpl/ffmpeg", variant))
                .isEqualTo(variant);
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
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
