package dev.vodflow.transcode.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.TranscodeCompleted.Storyboard;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

class StoryboardsTests {

    private static final String PREFIX = "output/v1/";
    private static final Color[] COLOURS = {Color.RED, Color.GREEN, Color.BLUE};

    /** The bucket as a map of keys to bytes. */
    private final Map<String, byte[]> bucket = new TreeMap<>();

    private final S3Client s3 = new S3Client() {
        @Override
        public ResponseBytes<GetObjectResponse> getObjectAsBytes(GetObjectRequest request) {
            return ResponseBytes.fromByteArray(GetObjectResponse.builder().build(), bucket.get(request.key()));
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            try (var in = body.contentStreamProvider().newStream()) {
                bucket.put(request.key(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PutObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {}
    };

    @Test
    void capturesBecomeTilesOfOneSpriteMappedByTimeInTheVtt() throws Exception {
        List<Storyboards.Capture> captures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String key = PREFIX + "thumbnails/thumb." + String.format("%07d", i) + ".jpg";
            bucket.put(key, jpeg(640, 360, COLOURS[i]));
            captures.add(new Storyboards.Capture(key, i * 5_000L));
        }

        Optional<Storyboard> storyboard = new Storyboards(s3, "media").write(PREFIX, captures, 12_500);

        assertThat(storyboard).contains(new Storyboard(PREFIX + "storyboard/storyboard.vtt", 160, 90, 3));
        assertThat(text(PREFIX + "storyboard/storyboard.vtt"))
                .isEqualTo("WEBVTT\n\n"
                        + "00:00:00.000 --> 00:00:05.000\nsprite_000.jpg#xywh=0,0,160,90\n\n"
                        + "00:00:05.000 --> 00:00:10.000\nsprite_000.jpg#xywh=160,0,160,90\n\n"
                        + "00:00:10.000 --> 00:00:12.500\nsprite_000.jpg#xywh=320,0,160,90\n");
        BufferedImage sprite = ImageIO.read(new ByteArrayInputStream(bucket.get(PREFIX + "storyboard/sprite_000.jpg")));
        assertThat(sprite.getWidth()).isEqualTo(480);
        assertThat(sprite.getHeight()).isEqualTo(90);
        for (int i = 0; i < 3; i++) {
            assertThat(dominant(new Color(sprite.getRGB(i * 160 + 80, 45))))
                    .as("tile " + i)
                    .isEqualTo(COLOURS[i]);
        }
    }

    @Test
    void aLongVideoGetsOneSpritePerHundredTilesInRowsOfTen() {
        List<Storyboards.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < 123; i++) {
            tiles.add(new Storyboards.Tile(image(64, 36, Color.GRAY), i * 5_000L));
        }

        Storyboards.Files files = Storyboards.make(PREFIX, tiles, 123 * 5_000L).orElseThrow();

        assertThat(files.contents()).containsOnlyKeys("sprite_000.jpg", "sprite_001.jpg", "storyboard.vtt");
        String vtt = new String(files.contents().get("storyboard.vtt"), StandardCharsets.UTF_8);
        assertThat(vtt)
                .contains("00:08:15.000 --> 00:08:20.000\nsprite_000.jpg#xywh=1440,810,160,90\n")
                .contains("00:08:20.000 --> 00:08:25.000\nsprite_001.jpg#xywh=0,0,160,90\n")
                .endsWith("00:10:10.000 --> 00:10:15.000\nsprite_001.jpg#xywh=320,180,160,90\n");
        assertThat(files.storyboard().tiles()).isEqualTo(123);
    }

    @Test
    void unreadableCapturesAreLeftOutAndTheTileBeforeCoversTheirTime() throws Exception {
        bucket.put(PREFIX + "thumbnails/thumb.0000000.jpg", jpeg(360, 640, Color.RED));
        bucket.put(PREFIX + "thumbnails/thumb.0000001.jpg", "not a picture".getBytes(StandardCharsets.UTF_8));
        bucket.put(PREFIX + "thumbnails/thumb.0000002.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        List<Storyboards.Capture> captures = List.of(
                new Storyboards.Capture(PREFIX + "thumbnails/thumb.0000000.jpg", 0),
                new Storyboards.Capture(PREFIX + "thumbnails/thumb.0000001.jpg", 5_000),
                new Storyboards.Capture(PREFIX + "thumbnails/thumb.0000002.jpg", 10_000));

        Storyboard storyboard =
                new Storyboards(s3, "media").write(PREFIX, captures, 11_000).orElseThrow();

        // A portrait source gives portrait tiles.
        assertThat(storyboard).isEqualTo(new Storyboard(PREFIX + "storyboard/storyboard.vtt", 90, 160, 1));
        assertThat(text(PREFIX + "storyboard/storyboard.vtt"))
                .isEqualTo("WEBVTT\n\n00:00:00.000 --> 00:00:11.000\nsprite_000.jpg#xywh=0,0,90,160\n");
    }

    @Test
    void noReadableCaptureMeansNoStoryboard() {
        bucket.put(PREFIX + "thumbnails/thumb.0000000.jpg", new byte[0]);

        assertThat(new Storyboards(s3, "media")
                        .write(
                                PREFIX,
                                List.of(new Storyboards.Capture(PREFIX + "thumbnails/thumb.0000000.jpg", 0)),
                                900))
                .isEmpty();
        assertThat(new Storyboards(s3, "media").write(PREFIX, List.of(), 900)).isEmpty();
        assertThat(bucket).containsOnlyKeys(PREFIX + "thumbnails/thumb.0000000.jpg");
    }

    @Test
    void aClipShorterThanOneIntervalHasOneTileForItsWholeLength() {
        Storyboards.Files files = Storyboards.make(
                        PREFIX, List.of(new Storyboards.Tile(image(640, 360, Color.RED), 0)), 700)
                .orElseThrow();
        assertThat(new String(files.contents().get("storyboard.vtt"), StandardCharsets.UTF_8))
                .isEqualTo("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nsprite_000.jpg#xywh=0,0,160,90\n");
    }

    private String text(String key) {
        return new String(bucket.get(key), StandardCharsets.UTF_8);
    }

    private static Color dominant(Color c) {
        if (c.getRed() > 200 && c.getGreen() < 60 && c.getBlue() < 60) {
            return Color.RED;
        }
        if (c.getGreen() > 200 && c.getRed() < 60 && c.getBlue() < 60) {
            return Color.GREEN;
        }
        if (c.getBlue() > 200 && c.getRed() < 60 && c.getGreen() < 60) {
            return Color.BLUE;
        }
        return c;
    }

    private static BufferedImage image(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(colour);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return image;
    }

    private static byte[] jpeg(int width, int height, Color colour) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image(width, height, colour), "jpeg", out);
        return out.toByteArray();
    }
}
