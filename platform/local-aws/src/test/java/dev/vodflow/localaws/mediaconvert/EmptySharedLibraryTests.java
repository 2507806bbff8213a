package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in the bundled FFmpeg starts with on a machine without PulseAudio's client library. Tried on the bundled
 * build itself: the stand-in comes first on the library path, so it is the one loaded whether or not the machine has
 * the real library.
 */
class EmptySharedLibraryTests {

    @TempDir
    Path work;

    @Test
    void theBundledFfmpegStartsWithAStandInForLibpulseThatDefinesTheVersionItAsks() throws Exception {
        assumeTrue(File.separatorChar == '/' && FfmpegBinaries.platform().startsWith("linux"), "ELF: Linux only");
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "vodflow-ffmpeg-" + System.getProperty("user.name"));
        FfmpegBinaries bundled = FfmpegBinaries.bytedeco(cache);
        assertThat(bundled).isNotNull();
        Path directory = bundled.ffmpeg().getParent();
        if (directory.getFileName().toString().equals("with-shims")) {
            directory = directory.getParent();
        }
        Path ffmpeg = directory.resolve("ffmpeg");
        int machine = EmptySharedLibrary.machineOf(Files.readAllBytes(ffmpeg));
        assertThat(machine).as("e_machine of %s", ffmpeg).isPositive();
        Map<String, String> path = Map.of("LD_LIBRARY_PATH", work + ":" + directory);

        Files.write(work.resolve("libpulse.so.0"), EmptySharedLibrary.of(machine, "libpulse.so.0", List.of("PULSE_0")));
        ProcessRun.Result version = run(ffmpeg, path, "-version");
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("ffmpeg version");
        assertThat(version.stderr()).as("no warning from the loader").doesNotContain("no version information");
        ProcessRun.Result loaded = run(ffmpeg, with(path, "LD_DEBUG", "versions"), "-version");
        assertThat(loaded.stderr())
                .as("the stand-in is the libpulse.so.0 loaded")
                .contains("checking for version `PULSE_0' in file " + work.resolve("libpulse.so.0"));
        // It encodes (nothing of the stand-in is called) ...
        ProcessRun.Result encode = run(
                ffmpeg,
                path,
                "-f",
                "lavfi",
                "-i",
                "testsrc=d=1:s=160x90",
                "-c:v",
                "libx264",
                "-y",
                work.resolve("clip.mp4").toString());
        assertThat(encode.exitCode()).as(encode.stderr()).isZero();
        // ... and a pulse device, which would call into it, fails naming the library.
        ProcessRun.Result device = run(ffmpeg, path, "-f", "pulse", "-i", "default", "-t", "1", "-f", "null", "-");
        assertThat(device.exitCode()).isNotZero();
        assertThat(device.stderr()).contains("libavdevice").contains("pa_");

        // Without the version the loader asks for, it refuses to start: the versions are part of the stand-in.
        Files.write(work.resolve("libpulse.so.0"), EmptySharedLibrary.of(machine, "libpulse.so.0", List.of()));
        ProcessRun.Result unversioned = run(ffmpeg, path, "-version");
        assertThat(unversioned.exitCode()).isNotZero();
        assertThat(unversioned.stderr()).contains("version `PULSE_0' not found");
    }

    @Test
    void elfHashIsTheSystemVOne() {
        // as the linker wrote them into libavdevice (objdump -p: "Version References")
        assertThat(EmptySharedLibrary.elfHash("")).isZero();
        assertThat(EmptySharedLibrary.elfHash("GLIBC_2.2.5")).isEqualTo(0x09691a75L);
        assertThat(EmptySharedLibrary.elfHash("PULSE_0")).isEqualTo(0x05a17b70L);
    }

    private static Map<String, String> with(Map<String, String> environment, String name, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(environment);
        copy.put(name, value);
        return copy;
    }

    private static ProcessRun.Result run(Path binary, Map<String, String> environment, String... arguments) {
        List<String> command = new java.util.ArrayList<>();
        command.add(binary.toString());
        command.add("-hide_banner");
        command.addAll(List.of(arguments));
        return ProcessRun.run(command, environment, Duration.ofSeconds(60));
    }
}
