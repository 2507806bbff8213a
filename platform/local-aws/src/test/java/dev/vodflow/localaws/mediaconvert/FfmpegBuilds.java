package dev.vodflow.localaws.mediaconvert;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both FFmpegs a machine may run the emulators with, for tests of behaviour that differs between FFmpeg versions:
 * the PATH's (Debian's 5.1 in CI) and the bundled build of {@code org.bytedeco:ffmpeg} (8), which a machine without
 * FFmpeg uses.
 */
public final class FfmpegBuilds {

    private FfmpegBuilds() {}

    /** By name, "bundled" always and "path" when the PATH has ffmpeg and ffprobe. */
    public static Map<String, Path> ffmpegs() {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "vodflow-ffmpeg-" + System.getProperty("user.name"));
        Map<String, Path> builds = new LinkedHashMap<>();
        Path onPath = FfmpegBinaries.onPath("ffmpeg");
        if (onPath != null && FfmpegBinaries.onPath("ffprobe") != null) {
            builds.put("path", onPath);
        }
        FfmpegBinaries bundled = FfmpegBinaries.bytedeco(cache);
        if (bundled == null) {
            throw new IllegalStateException("org.bytedeco:ffmpeg is not on the test class path");
        }
        builds.put("bundled", bundled.ffmpeg());
        return builds;
    }
}
