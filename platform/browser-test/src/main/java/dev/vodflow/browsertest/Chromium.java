package dev.vodflow.browsertest;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium and its ChromeDriver, as every browser test here drives them. */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {}

    /**
     * No Java package ships a browser: without Debian's Chromium a browser test says so in one loud line and does
     * not run, unless {@code VODFLOW_BROWSER_TESTS=required} (set by {@code .ci/run}, which installs it) makes a
     * missing browser a failure.
     */
    public static void require() {
        if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
            return;
        }
        String line = "*** BROWSER TEST NOT RUN: " + BINARY + " or " + DRIVER
                + " is missing; install them with: apt-get install chromium chromium-driver ***";
        if ("required".equals(System.getenv("VODFLOW_BROWSER_TESTS"))) {
            throw new AssertionError(line + " (VODFLOW_BROWSER_TESTS=required)");
        }
        System.err.println(line);
        Assumptions.abort(line);
    }

    /** A headless browser that plays media without a user's gesture, with its profile in {@code profile}. */
    public static ChromeDriver start(Path profile, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--autoplay-policy=no-user-gesture-required",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .build();
        return new ChromeDriver(service, options);
    }
}
