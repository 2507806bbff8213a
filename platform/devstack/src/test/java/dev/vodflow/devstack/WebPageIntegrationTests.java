package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.browsertest.Chromium;
import dev.vodflow.localaws.VodflowService;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a newcomer does, in a real browser (Debian's headless Chromium) against the whole stack: sign in,
 * upload a generated 45 s clip through the page, wait for it to be ready, play it, and check the video
 * advances and that segments of more than one rung came from the CDN, which admits only the signed cookies; then
 * keep watching past three lifetimes of those cookies, which the page renews in the background (and its access token,
 * which lasts 12 s here); hover the seek bar for a storyboard preview, reload and be offered to resume, and download
 * the MP4 once the owner allows it; then switch the Format menu to DASH mid-play and watch dash.js carry on over the
 * same CMAF segments. A screenshot of each step goes to {@code target/browser/}.
 */
@ExtendWith(SharedDevStack.class)
class WebPageIntegrationTests {

    private static final Path OUTPUT = Path.of("target/browser").toAbsolutePath();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration COOKIE_LIFETIME = SharedDevStack.COOKIE_LIFETIME;
    /** The page's access tokens last 12 s: it renews them (refresh token) several times while the clip plays. */
    private static final Duration TOKEN_LIFETIME = SharedDevStack.PAGE_TOKEN_LIFETIME;

    @Test
    void signInUploadWatchItBecomeReadyAndPlayIt() throws Exception {
        Chromium.require();
        Path clip = StackClient.clip(SharedDevStack.workDirectory().resolve("surfing at dawn.mp4"), "1280x720", 45);
        ChromeDriver browser = Chromium.start(SharedDevStack.workDirectory().resolve("chromium-profile"), 1280, 1000);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(DevStack.GATEWAY_URL);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")))
                    .click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")))
                    .sendKeys("alice");
            browser.findElement(By.name("password")).sendKeys("alice");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
            assertThat(browser.findElement(By.id("who")).getText()).contains("alice");
            screenshot(browser, "1-signed-in.png");
            JavascriptExecutor js = browser;
            String firstToken = (String) js.executeScript("return accessToken()");

            browser.findElement(By.id("title")).sendKeys("Surfing at dawn");
            browser.findElement(By.id("file")).sendKeys(clip.toString());
            browser.findElement(By.id("upload-button")).click();

            // Transcode progress arrives over the event stream and shows on the tile.
            new WebDriverWait(browser, Duration.ofMinutes(5), Duration.ofMillis(200))
                    .until(d -> ((Number) js.executeScript("return Math.max(0, ...(window.vodflowProgress || []))"))
                                    .intValue()
                            > 0);
            screenshot(browser, "2-upload-and-transcode-progress.png");

            WebElement tile = new WebDriverWait(browser, Duration.ofMinutes(5))
                    .until(d -> d.findElements(By.cssSelector("#videos .video[data-state=READY]")).stream()
                            .filter(t -> t.getText().contains("Surfing at dawn"))
                            .findFirst()
                            .orElse(null));
            // The list and the status line follow the live event stream (SSE through the gateway), not polling.
            wait.until(ExpectedConditions.textToBe(By.id("upload-status"), "Ready to play."));
            wait.until(
                    d -> !tile.findElements(By.cssSelector(".thumbnails img")).isEmpty());

            String videoId = tile.getAttribute("id").substring("video-".length());
            // A short buffer, as a long video has: hls.js would otherwise load this whole clip at once (it buffers up
            // to 60 MB), and no segment would need renewed cookies.
            js.executeScript("window.vodflowHlsConfig = { maxBufferLength: 4, maxMaxBufferLength: 6 }");
            tile.findElement(By.cssSelector(".play")).click();
            wait.until(d ->
                    ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue()
                            > 2.0);
            long levels = (Long) js.executeScript("return window.vodflowPlayer.levels.length");
            assertThat(levels).as("rungs in the quality menu").isGreaterThanOrEqualTo(3);
            assertThat(browser.findElements(By.cssSelector("#quality option"))).hasSize((int) levels + 1);
            // Every HLS rung the catalog recorded is in the menu.
            @SuppressWarnings("unchecked")
            List<Number> rungs = (List<Number>) js.executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + " api('/videos/' + arguments[0]).then(v => done(v.renditions"
                            + ".filter(r => r.kind === 'HLS').map(r => r.height)))",
                    videoId);
            List<String> menu = browser.findElements(By.cssSelector("#quality option")).stream()
                    .map(WebElement::getText)
                    .toList();
            assertThat(rungs).hasSize((int) levels);
            for (Number height : rungs) {
                assertThat(menu).as("quality menu").anyMatch(label -> label.startsWith(height.intValue() + "p"));
            }
            screenshot(browser, "3-quality-menu.png");

            // Pick another rung from the quality menu, as a viewer would, and keep watching.
            String current = (String) js.executeScript("return String(window.vodflowPlayer.currentLevel)");
            String other = "0".equals(current) ? String.valueOf(levels - 1) : "0";
            js.executeScript(
                    "const m = document.getElementById('quality'); m.value = arguments[0];"
                            + " m.dispatchEvent(new Event('change'));",
                    other);
            wait.until(d -> variantsFetched(js).size() >= 2);
            double before =
                    ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue();
            wait.until(d ->
                    ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue()
                            > before + 1.0);

            screenshot(browser, "4-playing.png");
            assertThat(variantsFetched(js)).hasSizeGreaterThanOrEqualTo(2);

            // Keep watching past three cookie lifetimes: the page renews the session in the background, so no
            // segment or playlist is refused and the video keeps advancing.
            long firstExpiry = java.time.Instant.parse((String) js.executeScript("return window.vodflowFirstExpiry"))
                    .toEpochMilli();
            double watchedUntil = 3 * (COOKIE_LIFETIME.toSeconds() + 1) + 1;
            new WebDriverWait(browser, Duration.ofSeconds(90))
                    .until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime"))
                                    .doubleValue()
                            > watchedUntil);
            screenshot(browser, "5-played-past-three-cookie-lifetimes.png");
            assertThat((List<?>)
                            js.executeScript("return window.vodflowErrors.filter(e => e.fatal || e.status === 403)"))
                    .as("hls.js errors: refused or fatal")
                    .isEmpty();
            assertThat(((Number) js.executeScript("return window.vodflowRenewals")).longValue())
                    .isGreaterThanOrEqualTo(3);
            // With a 6 s buffer, segments keep coming while the clip plays: those that came after the first cookies
            // expired were let through on renewed ones.
            assertThat(((Number) js.executeScript(
                                    "return window.vodflowFragments.filter(f => f.at > arguments[0]).length",
                                    firstExpiry))
                            .longValue())
                    .as("segments fetched after the first cookies expired")
                    .isPositive();
            // The access token was renewed in the background (a 12 s token, renewed at two thirds of its life).
            assertThat(((Number) js.executeScript("return window.vodflowTokenRenewals")).longValue())
                    .as("access token renewals")
                    .isGreaterThanOrEqualTo(2);
            assertThat((String) js.executeScript("return accessToken()"))
                    .isNotNull()
                    .isNotEqualTo(firstToken);

            // Scrubbing: hovering over the seek bar shows the storyboard's tile of that moment.
            WebElement seek = browser.findElement(By.id("seek"));
            new Actions(browser)
                    .moveToElement(seek, seek.getSize().getWidth() / 4, 0)
                    .perform();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview")));
            String sprite =
                    (String) js.executeScript("return document.getElementById('preview').style.backgroundImage");
            assertThat(sprite).contains("/output/" + videoId + "/storyboard/sprite_000.jpg");
            assertThat((String) js.executeScript("return document.getElementById('preview').style.backgroundPosition"))
                    .matches("-?\\d+px -?\\d+px");
            // A CSS image is fetched without CORS (its status is opaque to scripts): load the same URL as an image.
            long spriteWidth = ((Number) js.executeAsyncScript(
                            "const done = arguments[arguments.length - 1]; const i = new Image();"
                                    + " i.onload = () => done(i.naturalWidth); i.onerror = () => done(0);"
                                    + " i.src = arguments[0].slice(5, -2)",
                            sprite))
                    .longValue();
            assertThat(spriteWidth)
                    .as("the sprite loads through the CDN with the cookies")
                    .isPositive();
            screenshot(browser, "6-scrub-preview.png");

            // Resume: pause, reload, play again: the page offers the position it remembered.
            // The clip may have played to its end by now (which forgets the position): go back to 20 s first.
            js.executeScript("const p = document.getElementById('player'); p.currentTime = 20; p.play();"
                    + " setTimeout(() => p.pause(), 1500)");
            wait.until(d -> (Boolean) js.executeScript("return document.getElementById('player').paused"));
            double stoppedAt =
                    ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue();
            wait.until(d -> ((Number) js.executeScript(
                                    "return (JSON.parse(localStorage.getItem(positionKey(arguments[0]))) || {}).time || 0",
                                    videoId))
                            .doubleValue()
                    >= stoppedAt - 0.5);
            browser.navigate().refresh();
            WebElement again =
                    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#video-" + videoId + " .play")));
            again.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("resume-offer")));
            assertThat(browser.findElement(By.id("resume-yes")).getText()).startsWith("Resume from");
            screenshot(browser, "7-resume-offered.png");
            browser.findElement(By.id("resume-yes")).click();
            wait.until(d ->
                    ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue()
                            >= stoppedAt - 1);

            // Download: the owner allows it on the tile; the player shows a link to the MP4 through the CDN, signed on
            // its own by the playback service (it works without the session's cookies, and only for minutes).
            WebElement allow = browser.findElement(By.cssSelector("#video-" + videoId + " .downloadable"));
            assertThat(allow.isSelected()).isFalse();
            assertThat(browser.findElement(By.id("download")).isDisplayed()).isFalse();
            allow.click();
            WebElement download = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("download")));
            String href = download.getAttribute("href");
            assertThat(href)
                    .startsWith(DevStack.CDN_URL + "/download/" + videoId + "/mp4/")
                    .contains("Expires=", "Signature=", "Key-Pair-Id=");
            @SuppressWarnings("unchecked")
            List<Object> fetched = (List<Object>) js.executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + " fetch(arguments[0], { credentials: 'omit', headers: { Range: 'bytes=0-15' } })"
                            + ".then(async r => done([r.status, r.headers.get('Content-Disposition'),"
                            + " r.headers.get('Content-Type'), new TextDecoder().decode((await r.arrayBuffer()).slice(4, 8))]))"
                            + ".catch(e => done([0, String(e), null, null]))",
                    href);
            assertThat(((Number) fetched.get(0)).intValue())
                    .as("download: " + fetched)
                    .isEqualTo(206);
            assertThat((String) fetched.get(1)).startsWith("attachment; filename=\"Surfing at dawn.mp4\"");
            assertThat((String) fetched.get(2)).isEqualTo("video/mp4");
            assertThat((String) fetched.get(3))
                    .as("an MP4 begins with its ftyp box")
                    .isEqualTo("ftyp");
            // The session's cookies, which play the video, do not open the MP4 without the signed link.
            Number unsigned = (Number) js.executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + " fetch(arguments[0].split('?')[0], { credentials: 'include' })"
                            + ".then(r => done(r.status)).catch(e => done(0))",
                    href);
            assertThat(unsigned.intValue())
                    .as("the MP4 with the session's cookies only")
                    .isEqualTo(403);
            screenshot(browser, "8-download-link.png");

            // DASH: the clip is CMAF, so the Format menu offers DASH over the same segments. Switching mid-play
            // hands the <video> from hls.js to dash.js at the position, and the video keeps advancing.
            WebElement format = browser.findElement(By.id("format"));
            assertThat(format.isDisplayed())
                    .as("the Format menu of a CMAF video")
                    .isTrue();
            // A fresh resource-timing buffer (it keeps 250 entries by default) for the fetches of DASH.
            js.executeScript("performance.clearResourceTimings()");
            double switchedAt = performanceNow(js);
            new Select(format).selectByValue("dash");
            // dash.js throws when asked for its representations before its stream is initialised.
            wait.until(d -> (Boolean) js.executeScript("const p = window.vodflowPlayer;"
                    + " try { return typeof p.getBitrateInfoListFor === 'function'"
                    + " && p.getBitrateInfoListFor('video').length > 0 } catch (e) { return false }"));
            assertThat(((Number) js.executeScript("return window.vodflowPlayer.getBitrateInfoListFor('video').length"))
                            .longValue())
                    .as("DASH representations, the HLS rungs")
                    .isEqualTo(levels);
            double dashFrom = currentTime(js);
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> currentTime(js) > dashFrom + 4.0);
            assertThat((Boolean) js.executeScript("return document.getElementById('player').paused"))
                    .as("paused in DASH")
                    .isFalse();
            assertThat(((Number) js.executeScript("return document.getElementById('player').videoHeight")).longValue())
                    .as("a decoded picture in DASH")
                    .isPositive();
            assertThat((List<?>) js.executeScript("return window.vodflowErrors.filter(e => e.dash)"))
                    .as("dash.js errors")
                    .isEmpty();
            // dash.js fetched the manifest and segments of its own through the CDN with the cookies (200, not 403).
            assertThat(cdnFetches(js, switchedAt, "\\.mpd"))
                    .as("DASH manifest fetched")
                    .isNotEmpty();
            assertThat(cdnFetches(js, switchedAt, "_init\\.cmfv"))
                    .as("DASH init segment fetched")
                    .isNotEmpty();
            assertThat(cdnFetches(js, switchedAt, "_\\d+\\.cmfv"))
                    .as("DASH video segments fetched")
                    .hasSizeGreaterThanOrEqualTo(2);
            screenshot(browser, "9-dash-playing.png");

        } finally {
            if (browser instanceof TakesScreenshot) {
                screenshot(browser, "last.png");
            }
            browser.quit();
        }
    }

    @Test
    void servicesAndGatewayListenOnLoopbackOnly() throws Exception {
        InetAddress external = Networks.externalAddress();
        for (VodflowService service : DevStack.SERVICES) {
            assertThat(Networks.accepts(InetAddress.getLoopbackAddress(), service.port()))
                    .as(service.name() + " on loopback")
                    .isTrue();
            assertThat(Networks.accepts(external, service.port()))
                    .as(service.name() + " on " + external)
                    .isFalse();
        }
        assertThat(Networks.accepts(external, 8080))
                .as("the gateway on " + external)
                .isFalse();
    }

    @Test
    void operatorEndpointsThroughTheGatewayAdmitOpsAndNotAlice() throws Exception {
        String ops = StackClient.token("ops");
        String alice = StackClient.token("alice");
        assertThat(call("GET", "/api/ops/catalog/fingerprint", ops).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/api/ops/catalog/fingerprint", alice).statusCode())
                .isEqualTo(403);
        // No video of this id: the operator gets as far as the service's answer, alice is stopped before it.
        assertThat(call("POST", "/api/ops/jobs/no-such-video/retry", ops).statusCode())
                .isEqualTo(404);
        // Every service's Kafka tool (platform/ops), for its own consumer group.
        for (String service : List.of("upload", "transcode", "catalog", "notification", "playback", "live")) {
            HttpResponse<String> deadLetters = call("GET", "/api/ops/" + service + "/kafka/dead-letters", ops);
            assertThat(deadLetters.statusCode())
                    .as(service + ": " + deadLetters.body())
                    .isEqualTo(200);
            assertThat(deadLetters.body()).contains("\"group\":\"");
            assertThat(call("GET", "/api/ops/" + service + "/kafka/dead-letters", alice)
                            .statusCode())
                    .as(service)
                    .isEqualTo(403);
        }
        HttpResponse<String> refused = call("POST", "/api/ops/jobs/no-such-video/retry", alice);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static void screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        Files.createDirectories(OUTPUT);
        Files.write(OUTPUT.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static HttpResponse<String> call(String method, String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(DevStack.GATEWAY_URL + path))
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double currentTime(JavascriptExecutor js) {
        return ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue();
    }

    private static double performanceNow(JavascriptExecutor js) {
        return ((Number) js.executeScript("return performance.now()")).doubleValue();
    }

    /** The CDN URLs whose names match {@code pattern} that the page fetched with a 200 since {@code since}. */
    @SuppressWarnings("unchecked")
    private static List<String> cdnFetches(JavascriptExecutor js, double since, String pattern) {
        return (List<String>) js.executeScript(
                "return performance.getEntriesByType('resource')"
                        + ".filter(e => e.startTime > arguments[0])"
                        + ".filter(e => e.name.startsWith('" + DevStack.CDN_URL + "/output/'))"
                        + ".filter(e => new RegExp(arguments[1] + '(\\\\?|$)').test(e.name))"
                        + ".filter(e => e.responseStatus === 200)"
                        + ".map(e => e.name)",
                since,
                pattern);
    }

    /**
     * The variant playlists whose segments the page fetched successfully from the CDN: the edge answers 403
     * to anything without valid cookies, so a 200 is a fetch with the cookies.
     */
    private static Set<String> variantsFetched(JavascriptExecutor js) {
        return variantsFetched(js, 0);
    }

    /** The same, for fetches that started after {@code since} (milliseconds of {@code performance.now()}). */
    @SuppressWarnings("unchecked")
    private static Set<String> variantsFetched(JavascriptExecutor js, double since) {
        List<String> segments = (List<String>) js.executeScript(
                "return performance.getEntriesByType('resource')"
                        + ".filter(e => e.startTime > arguments[0])"
                        + ".filter(e => e.name.startsWith('" + DevStack.CDN_URL + "/output/'))"
                        // CMAF video segments are .cmfv; its one shared audio track (.cmfa) is not a rung
                        + ".filter(e => /\\.(ts|m4s|aac|cmfv)(\\?|$)/.test(e.name))"
                        + ".filter(e => e.responseStatus === 200)"
                        + ".map(e => e.name)",
                since);
        Set<String> variants = new TreeSet<>();
        for (String segment : segments) {
            String file = segment.substring(segment.lastIndexOf('/') + 1);
            variants.add(file.replaceAll("_?\\d+\\.(ts|m4s|aac|cmfv).*$", ""));
        }
        return variants;
    }
}
