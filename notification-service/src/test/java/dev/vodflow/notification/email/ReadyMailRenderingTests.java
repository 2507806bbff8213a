package dev.vodflow.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Renders the ready mail as a user gets it and saves it under {@code target/email/}: the HTML body, the text body and,
 * where headless Chromium is installed ({@code /usr/bin/chromium}), a screenshot of the HTML as a browser shows it.
 */
class ReadyMailRenderingTests {

    private static final Path OUT = Path.of("target", "email");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void readyMailIsSavedAsHtmlAndAsAScreenshot() throws Exception {
        Files.createDirectories(OUT);
        Path poster = OUT.resolve("poster.png").toAbsolutePath();
        writePoster(poster);
        Map<String, Object> model = MailTemplatesTests.model(MailKind.VIDEO_READY);
        model.put("title", "Beach walk at dawn");
        model.put("posterUrl", poster.toUri().toString());
        RenderedMail mail =
                new MailTemplates().render(MailKind.VIDEO_READY, Locale.ENGLISH, model, "Beach walk at dawn");

        Path html = OUT.resolve("video-ready.html").toAbsolutePath();
        Files.writeString(html, mail.html());
        Files.writeString(OUT.resolve("video-ready.txt"), mail.subject() + "\n\n" + mail.text());

        assertThat(mail.html()).contains(poster.toUri().toString()).contains("Beach walk at dawn");
        if (Files.isExecutable(CHROMIUM)) {
            Path png = OUT.resolve("video-ready.png").toAbsolutePath();
            Files.deleteIfExists(png);
            Process chromium = new ProcessBuilder(
                            CHROMIUM.toString(),
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--hide-scrollbars",
                            "--allow-file-access-from-files",
                            "--window-size=680,900",
                            "--screenshot=" + png,
                            html.toUri().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(OUT.resolve("chromium.log").toFile())
                    .start();
            assertThat(chromium.waitFor(120, TimeUnit.SECONDS))
                    .as("Chromium finished")
                    .isTrue();
            BufferedImage shot = ImageIO.read(png.toFile());
            assertThat(shot.getWidth()).isEqualTo(680);
            // The poster's orange shows in the shot: the image loaded and the layout put it on the page.
            assertThat(countOrange(shot)).isGreaterThan(10_000);
        }
    }

    private static void writePoster(Path file) throws IOException {
        BufferedImage image = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(255, 140, 0), 0, 360, new Color(250, 110, 20)));
        g.fillRect(0, 0, 640, 360);
        g.setColor(new Color(30, 60, 120));
        g.fillRect(0, 250, 640, 110);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
        g.drawString("Beach walk", 40, 320);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static int countOrange(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (c.getRed() > 230 && c.getGreen() > 90 && c.getGreen() < 160 && c.getBlue() < 60) {
                    count++;
                }
            }
        }
        return count;
    }
}
