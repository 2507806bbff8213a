package dev.vodflow.localaws.mediaconvert;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
            log.info(
                    "No ffmpeg/ffprobe on the PATH: using the bundled build of org.bytedeco:ffmpeg, {}",
                    bundled.ffmpeg());
            return bundled;
        }
        throw new IllegalStateException("No ffmpeg/ffprobe found: set the emulator's ffmpeg path, put ffmpeg on the"
                + " PATH, or add org.bytedeco:ffmpeg (classifier " + platform() + "-gpl) to the class path");
    }

    /**
     * The ffprobe to probe uploads with: the bundled build where it runs here, else {@code fallback}. A probe of an
     * upload reads only its headers, so it costs mostly the program's start, and a start costs mostly the dynamic
     * loader: Debian's ffprobe links about 215 shared libraries and probes a 1 s clip in about 140 ms of CPU, the
     * bundled build links 45 and probes it in about 50. Extracted once into {@code cacheDirectory}; only ffprobe has
     * to run here. A {@code fallback} that is already the bundled build (as on a machine without FFmpeg, where
     * {@link #locate} chose it) is taken as it is, without checking it again.
     */
    public static Path quickProbe(Path fallback, Path cacheDirectory) {
        if (fallback.toAbsolutePath()
                .normalize()
                .startsWith(cacheDirectory.resolve(BUNDLED).toAbsolutePath().normalize())) {
            return fallback;
        }
        try {
            FfmpegBinaries bundled = bytedeco(cacheDirectory, false);
            if (bundled != null) {
                log.info("Uploads are probed with the bundled ffprobe, which starts quicker: {}", bundled.ffprobe());
                return bundled.ffprobe();
            }
        } catch (RuntimeException e) {
            log.warn(
                    "The bundled ffprobe does not run here ({}): uploads are probed with {}", e.getMessage(), fallback);
        }
        return fallback;
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
     * The bundled build, made to start here: each of {@code needed} (ffmpeg, ffprobe or both) runs. Its
     * {@code libavdevice} links system libraries for capture and playback devices (PulseAudio's {@code libpulse.so.0}
     * above all) that a machine with only a JDK may lack, and the loader refuses to start a program whose library is
     * missing although the emulator never opens such a device. Each library the loader cannot find gets an empty
     * stand-in ({@link EmptySharedLibrary}, with the symbol versions the loader asks of it) under {@code shims/}, and
     * ffmpeg and ffprobe are then run through two small scripts in {@code with-shims/} that put that folder on
     * {@code LD_LIBRARY_PATH}. Says so in one line, with the package that makes it unnecessary. Anything else that
     * stops the build from starting is an error naming what failed.
     */
    FfmpegBinaries runnable(List<Path> needed) {
        Path failing = null;
        ProcessRun.Result failed = null;
        for (Path binary : needed) {
            failed = version(binary, Map.of());
            if (failed.exitCode() != 0) {
                failing = binary;
                break;
            }
        }
        if (failing == null) {
            return this;
        }
        if (File.separatorChar == '\\' || !missingLibrary(failed)) {
            throw new IllegalStateException(missingLibraryAdvice(failed.stderr() + failed.stdout(), failing));
        }
        Path directory = ffmpeg.getParent();
        Path shims = directory.resolve("shims");
        Map<String, String> environment = Map.of("LD_LIBRARY_PATH", shims + File.pathSeparator + directory);
        try {
            Files.createDirectories(shims);
            int machine = EmptySharedLibrary.machineOf(header(failing));
            Map<String, Set<String>> standIns = new TreeMap<>();
            for (Path binary : needed) {
                // one more library or version per turn; a few turns at most (libpulse.so.0 and PULSE_0 here)
                for (int turn = 0; ; turn++) {
                    ProcessRun.Result run = version(binary, environment);
                    if (run.exitCode() == 0) {
                        break;
                    }
                    boolean progress = false;
                    Matcher missing = MISSING_LIBRARY.matcher(run.stderr());
                    if (missing.find() && machine > 0 && !standIns.containsKey(missing.group(1))) {
                        standIns.put(missing.group(1), new TreeSet<>());
                        progress = true;
                    }
                    Map<String, String> debug = new HashMap<>(environment);
                    debug.put("LD_DEBUG", "versions");
                    Matcher asked = VERSION_ASKED.matcher(version(binary, debug).stderr());
                    while (asked.find()) {
                        Path file = Path.of(asked.group(2));
                        if (file.getParent() != null && file.getParent().equals(shims)) {
                            progress |= standIns.computeIfAbsent(
                                            file.getFileName().toString(), name -> new TreeSet<>())
                                    .add(asked.group(1));
                        }
                    }
                    if (!progress || turn == 20) {
                        throw new IllegalStateException(missingLibraryAdvice(run.stderr() + run.stdout(), binary));
                    }
                    for (Map.Entry<String, Set<String>> standIn : standIns.entrySet()) {
                        Files.write(
                                shims.resolve(standIn.getKey()),
                                EmptySharedLibrary.of(machine, standIn.getKey(), List.copyOf(standIn.getValue())));
                    }
                }
            }
            Path wrapped = directory.resolve("with-shims");
            Files.createDirectories(wrapped);
            FfmpegBinaries binaries =
                    new FfmpegBinaries(script(wrapped, ffmpeg, shims), script(wrapped, ffprobe, shims));
            Path checked = failing.equals(ffmpeg) ? binaries.ffmpeg() : binaries.ffprobe();
            ProcessRun.Result check = version(checked, Map.of());
            if (check.exitCode() != 0) {
                throw new IllegalStateException(missingLibraryAdvice(check.stderr() + check.stdout(), checked));
            }
            List<String> lacking;
            try (Stream<Path> files = Files.list(shims)) {
                lacking = files.map(file -> file.getFileName().toString())
                        .sorted()
                        .toList();
            }
            log.warn(
                    "The bundled ffmpeg links {}, which this machine lacks: it runs with empty stand-ins from {}"
                            + " (the emulator never opens an audio or screen device). {} makes them unnecessary.",
                    String.join(", ", lacking),
                    shims,
                    lacking.isEmpty() ? "Installing FFmpeg" : install(lacking.get(0)));
            return binaries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the bundled ffmpeg in " + directory, e);
        }
    }

    private static ProcessRun.Result version(Path binary, Map<String, String> environment) {
        try {
            return ProcessRun.run(
                    List.of(binary.toString(), "-hide_banner", "-version"), environment, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw new IllegalStateException("The bundled ffmpeg (" + binary + ") does not start: " + e.getMessage(), e);
        }
    }

    private static boolean missingLibrary(ProcessRun.Result run) {
        return MISSING_LIBRARY.matcher(run.stderr()).find();
    }

    private static byte[] header(Path binary) throws IOException {
        try (InputStream in = Files.newInputStream(binary)) {
            return in.readNBytes(20);
        }
    }

    /** A script next to the others that runs {@code binary} with the stand-ins on the library path. */
    private static Path script(Path directory, Path binary, Path shims) throws IOException {
        Path script = directory.resolve(binary.getFileName());
        String libraries = quoted(shims + File.pathSeparator + binary.getParent());
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + "# org.bytedeco:ffmpeg's build, with empty stand-ins for system libraries this machine lacks\n"
                        + "LD_LIBRARY_PATH=" + libraries + "${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} exec "
                        + quoted(binary.toString()) + " \"$@\"\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    static String missingLibraryAdvice(String output, Path ffmpeg) {
        Matcher missing = MISSING_LIBRARY.matcher(output);
        if (!missing.find()) {
            return "The bundled ffmpeg (" + ffmpeg + ") does not run: " + output.strip();
        }
        String library = missing.group(1);
        return "The bundled ffmpeg (" + ffmpeg + ") needs the system library " + library
                + ", which this machine lacks: install it (" + install(library)
                + "), or install FFmpeg (apt-get install ffmpeg) so that ffmpeg and ffprobe are on the PATH";
    }

    private static String install(String library) {
        return library.startsWith("libpulse")
                ? "apt-get install libpulse0"
                : library.startsWith("libasound") ? "apt-get install libasound2" : "the package that provides it";
    }

    /** The loader's word for it ({@code LD_DEBUG=versions}): "checking for version `PULSE_0' in file /x/libpulse.so.0". */
    private static final Pattern VERSION_ASKED = Pattern.compile("checking for version `([^']+)' in file (\\S+) \\[");

    private static final Pattern MISSING_LIBRARY = Pattern.compile("error while loading shared libraries: ([^:\\s]+)");

    /** The folder of {@code cacheDirectory} that the bundled builds are extracted to. */
    private static final String BUNDLED = "bytedeco-ffmpeg";

    static FfmpegBinaries bytedeco(Path cacheDirectory) {
        return bytedeco(cacheDirectory, true);
    }

    /**
     * Extracts the executables and their shared libraries (found through RUNPATH $ORIGIN) next to each other, and
     * makes ffprobe, and ffmpeg too where {@code ffmpegToo}, start here ({@link #runnable}).
     */
    static FfmpegBinaries bytedeco(Path cacheDirectory, boolean ffmpegToo) {
        String exe = File.separatorChar == '\\' ? ".exe" : "";
        for (String variant : List.of(platform() + "-gpl", platform())) {
            String folder = "org/bytedeco/ffmpeg/" + variant + "/";
            URL resource = FfmpegBinaries.class.getClassLoader().getResource(folder + "ffmpeg" + exe);
            if (resource == null) {
                continue;
            }
            try {
                Path target = cacheDirectory.resolve(BUNDLED).resolve(extractedName(resource.toString(), variant));
                Path ffmpeg = target.resolve("ffmpeg" + exe);
                Path ffprobe = target.resolve("ffprobe" + exe);
                if (!Files.isExecutable(ffmpeg) || !Files.isExecutable(ffprobe)) {
                    extract(resource, folder, target);
                    removeOtherBuilds(target);
                }
                return new FfmpegBinaries(ffmpeg, ffprobe)
                        .runnable(ffmpegToo ? List.of(ffmpeg, ffprobe) : List.of(ffprobe));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the bundled ffmpeg", e);
            }
        }
        return null;
    }

    /**
     * The folder the build is extracted to: named after the jar it comes from, which carries its version
     * ({@code ffmpeg-8.0.1-1.5.13-linux-x86_64-gpl}), so that a newer build is extracted afresh rather than an older
     * one's files being taken for it; {@code variant} where the resource is not in a jar.
     */
    static String extractedName(String url, String variant) {
        int inJar = url.lastIndexOf("!/");
        if (inJar < 0) {
            return variant;
        }
        String jar = url.substring(url.lastIndexOf('/', inJar - 1) + 1, inJar);
        return jar.endsWith(".jar") ? jar.substring(0, jar.length() - ".jar".length()) : variant;
    }

    /**
     * Removes the builds extracted beside {@code target} before it (about 86 MB each): those of an earlier
     * {@code org.bytedeco:ffmpeg}, which nothing of this version runs. One that cannot be removed stays, with a WARN.
     */
    private static void removeOtherBuilds(Path target) {
        List<Path> others;
        try (Stream<Path> builds = Files.list(target.getParent())) {
            others = builds.filter(build -> !build.equals(target) && Files.isDirectory(build, NOFOLLOW_LINKS))
                    .toList();
        } catch (IOException e) {
            log.warn("Cannot list the extracted FFmpeg builds in {}: {}", target.getParent(), e.toString());
            return;
        }
        for (Path other : others) {
            JobRunner.delete(other);
            if (Files.exists(other, NOFOLLOW_LINKS)) {
                log.warn("Cannot remove the earlier extracted FFmpeg build {}", other);
            } else {
                log.info("Removed an earlier extracted FFmpeg build: {}", other);
            }
        }
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
