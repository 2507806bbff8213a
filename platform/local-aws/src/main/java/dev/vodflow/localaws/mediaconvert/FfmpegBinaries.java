package dev.vodflow.localaws.mediaconvert;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ffmpeg and ffprobe come from: the configured path, else the PATH, else the binaries that
 * {@code org.bytedeco:ffmpeg} ships for this platform (a dependency of this module), so a machine with only a JDK
 * transcodes without any flag.
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe) {

    private static final Logger log = LoggerFactory.getLogger(FfmpegBinaries.class);

    public static FfmpegBinaries locate(Path configuredFfmpeg, Path configuredFfprobe, Path cacheDirectory) {
        return locate(configuredFfmpeg, configuredFfprobe, cacheDirectory, System.getenv("PATH"));
    }

    /** The same with the PATH given, so that a machine without FFmpeg can be tried on one that has it. */
    static FfmpegBinaries locate(
            Path configuredFfmpeg, Path configuredFfprobe, Path cacheDirectory, String searchPath) {
        if (configuredFfmpeg != null) {
            Path ffprobe = configuredFfprobe != null
                    ? configuredFfprobe
                    : configuredFfmpeg.resolveSibling(
                            configuredFfmpeg.getFileName().toString().replace("ffmpeg", "ffprobe"));
            requireExecutable(configuredFfmpeg);
            requireExecutable(ffprobe);
            return new FfmpegBinaries(configuredFfmpeg, ffprobe);
        }
        Path ffmpeg = onPath("ffmpeg", searchPath);
        Path ffprobe = onPath("ffprobe", searchPath);
        if (ffmpeg != null && ffprobe != null) {
            log.info("FFmpeg from the PATH: {} and {}", ffmpeg, ffprobe);
            return new FfmpegBinaries(ffmpeg, ffprobe);
        }
        FfmpegBinaries bundled = bytedeco(cacheDirectory);
        if (bundled != null) {
            bundled.requireRunnable();
            log.info(
                    "No ffmpeg/ffprobe on the PATH: using the bundled build of org.bytedeco:ffmpeg, {}",
                    bundled.ffmpeg());
            return bundled;
        }
        throw new IllegalStateException("No ffmpeg/ffprobe found: set the emulator's ffmpeg path, put ffmpeg on the"
                + " PATH, or add org.bytedeco:ffmpeg (classifier " + platform() + "-gpl) to the class path");
    }

    private static void requireExecutable(Path path) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("Not an executable: " + path);
        }
    }

    static Path onPath(String name) {
        return onPath(name, System.getenv("PATH"));
    }

    static Path onPath(String name, String path) {
        if (path == null) {
            return null;
        }
        boolean windows = File.separatorChar == '\\';
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, windows ? name + ".exe" : name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The bundled build links a few system libraries that a minimal machine may lack (PulseAudio's client library
     * above all, for a capture device the emulator never opens): say which, and the package that brings it, at
     * start rather than in the first job's error.
     */
    void requireRunnable() {
        ProcessRun.Result version;
        try {
            version = ProcessRun.run(List.of(ffmpeg.toString(), "-hide_banner", "-version"), Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw new IllegalStateException("The bundled ffmpeg (" + ffmpeg + ") does not start: " + e.getMessage(), e);
        }
        if (version.exitCode() != 0) {
            throw new IllegalStateException(missingLibraryAdvice(version.stderr() + version.stdout(), ffmpeg));
        }
    }

    static String missingLibraryAdvice(String output, Path ffmpeg) {
        Matcher missing = MISSING_LIBRARY.matcher(output);
        if (!missing.find()) {
            return "The bundled ffmpeg (" + ffmpeg + ") does not run: " + output.strip();
        }
        String library = missing.group(1);
        String install = library.startsWith("libpulse")
                ? "apt-get install libpulse0"
                : library.startsWith("libasound") ? "apt-get install libasound2" : "the package that provides it";
        return "The bundled ffmpeg (" + ffmpeg + ") needs the system library " + library
                + ", which this machine lacks: install it (" + install
                + "), or install FFmpeg (apt-get install ffmpeg) so that ffmpeg and ffprobe are on the PATH";
    }

    private static final Pattern MISSING_LIBRARY = Pattern.compile("error while loading shared libraries: ([^:\\s]+)");

    /** Extracts the executables and their shared libraries (found through RUNPATH $ORIGIN) next to each other. */
    static FfmpegBinaries bytedeco(Path cacheDirectory) {
        String exe = File.separatorChar == '\\' ? ".exe" : "";
        for (String variant : List.of(platform() + "-gpl", platform())) {
            String folder = "org/bytedeco/ffmpeg/" + variant + "/";
            URL resource = FfmpegBinaries.class.getClassLoader().getResource(folder + "ffmpeg" + exe);
            if (resource == null) {
                continue;
            }
            try {
                Path target = cacheDirectory.resolve("bytedeco-ffmpeg").resolve(variant);
                Path ffmpeg = target.resolve("ffmpeg" + exe);
                Path ffprobe = target.resolve("ffprobe" + exe);
                if (!Files.isExecutable(ffmpeg) || !Files.isExecutable(ffprobe)) {
                    extract(resource, folder, target);
                }
                return new FfmpegBinaries(ffmpeg, ffprobe);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the bundled ffmpeg", e);
            }
        }
        return null;
    }

    private static void extract(URL resource, String folder, Path target) throws IOException {
        Files.createDirectories(target);
        if (!(resource.openConnection() instanceof JarURLConnection connection)) {
            throw new IOException("bundled ffmpeg is not in a jar: " + resource);
        }
        try (JarFile jar = new JarFile(connection.getJarFileURL().getPath())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory()
                        || !name.startsWith(folder)
                        || name.substring(folder.length()).contains("/")) {
                    continue;
                }
                Path file = target.resolve(name.substring(folder.length()));
                Path partial = Files.createTempFile(target, "extract", ".part");
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                partial.toFile().setExecutable(true);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osName = os.contains("win") ? "windows" : os.contains("mac") ? "macosx" : "linux";
        String archName = arch.equals("amd64") || arch.equals("x86_64")
                ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : arch;
        return osName + "-" + archName;
    }
}
