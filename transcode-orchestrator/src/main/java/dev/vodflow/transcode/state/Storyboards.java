package dev.vodflow.transcode.state;

import dev.vodflow.events.TranscodeCompleted.Storyboard;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scrubbing previews of a video, made after MediaConvert completes, as a MediaConvert pipeline makes them:
 * the job's frame-capture group leaves one JPEG per interval; these are scaled into tiles, laid out ten by ten in
 * sprites ({@code storyboard/sprite_000.jpg}, one per 100 tiles so a long video does not make one huge image), and
 * {@code storyboard/storyboard.vtt} maps each capture's time range to its tile ({@code sprite_000.jpg#xywh=...}).
 * Everything lies under the video's output prefix, so the playback cookies cover it. Captures that cannot be decoded
 * are left out (their time goes to the tile before); with none readable there is no storyboard.
 */
final class Storyboards {

    static final String DIRECTORY = "storyboard/";
    static final String VTT = "storyboard.vtt";
    static final int TILE_BOX = 160;
    static final int COLUMNS = 10;
    static final int TILES_PER_SPRITE = COLUMNS * 10;

    private static final Logger log = LoggerFactory.getLogger(Storyboards.class);

    private final S3Client s3;
    private final String bucket;

    Storyboards(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** A frame capture, by object key, taken {@code timeMs} into the video. */
    record Capture(String key, long timeMs) {}

    /** A tile's picture and when it starts. */
    record Tile(BufferedImage image, long timeMs) {}

    /** The files of a storyboard, by name under {@link #DIRECTORY}. */
    record Files(Storyboard storyboard, Map<String, byte[]> contents) {}

    /**
     * Reads the captures, writes the sprites and the WebVTT file under {@code prefix} and describes them; empty when
     * no capture could be read.
     */
    Optional<Storyboard> write(String prefix, List<Capture> captures, long durationMs) {
        List<Tile> tiles = new ArrayList<>();
        for (Capture capture : captures) {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(capture.key()))
                    .asByteArray();
            decode(bytes)
                    .ifPresentOrElse(
                            image -> tiles.add(new Tile(image, capture.timeMs())),
                            () -> log.warn(
                                    "Frame capture {} is not a readable image; the storyboard goes on without it",
                                    capture.key()));
        }
        Optional<Files> files = make(prefix, tiles, durationMs);
        files.ifPresent(made -> made.contents()
                .forEach((name, content) -> s3.putObject(
                        b -> b.bucket(bucket)
                                .key(prefix + DIRECTORY + name)
                                .contentType(name.endsWith(".vtt") ? "text/vtt; charset=utf-8" : "image/jpeg"),
                        RequestBody.fromBytes(content))));
        return files.map(Files::storyboard);
    }

    /** The sprites and the WebVTT file for {@code tiles} (in time order), without storing them. */
    static Optional<Files> make(String prefix, List<Tile> tiles, long durationMs) {
        if (tiles.isEmpty()) {
            return Optional.empty();
        }
        BufferedImage first = tiles.get(0).image();
        int[] size = tileSize(first.getWidth(), first.getHeight());
        int width = size[0];
        int height = size[1];
        Map<String, byte[]> contents = new LinkedHashMap<>();
        StringBuilder vtt = new StringBuilder("WEBVTT\n");
        for (int start = 0; start < tiles.size(); start += TILES_PER_SPRITE) {
            List<Tile> sheet = tiles.subList(start, Math.min(tiles.size(), start + TILES_PER_SPRITE));
            String name = String.format("sprite_%03d.jpg", start / TILES_PER_SPRITE);
            int columns = Math.min(COLUMNS, sheet.size());
            int rows = (sheet.size() + COLUMNS - 1) / COLUMNS;
            BufferedImage sprite = new BufferedImage(columns * width, rows * height, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = sprite.createGraphics();
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            for (int i = 0; i < sheet.size(); i++) {
                int index = start + i;
                int x = (i % COLUMNS) * width;
                int y = (i / COLUMNS) * height;
                graphics.drawImage(sheet.get(i).image(), x, y, width, height, null);
                long from = index == 0 ? 0 : tiles.get(index).timeMs();
                long to = index + 1 < tiles.size()
                        ? tiles.get(index + 1).timeMs()
                        : Math.max(durationMs, tiles.get(index).timeMs() + 1000);
                vtt.append('\n')
                        .append(timestamp(from))
                        .append(" --> ")
                        .append(timestamp(to))
                        .append('\n')
                        .append(name)
                        .append("#xywh=")
                        .append(x)
                        .append(',')
                        .append(y)
                        .append(',')
                        .append(width)
                        .append(',')
                        .append(height)
                        .append('\n');
            }
            graphics.dispose();
            contents.put(name, jpeg(sprite));
        }
        contents.put(VTT, vtt.toString().getBytes(StandardCharsets.UTF_8));
        return Optional.of(new Files(new Storyboard(prefix + DIRECTORY + VTT, width, height, tiles.size()), contents));
    }

    /** Fits the capture's shape into a {@value #TILE_BOX} px square, even sides. */
    static int[] tileSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            return new int[] {TILE_BOX, TILE_BOX * 9 / 16};
        }
        if (width >= height) {
            return new int[] {TILE_BOX, Math.max(2, even((double) TILE_BOX * height / width))};
        }
        return new int[] {Math.max(2, even((double) TILE_BOX * width / height)), TILE_BOX};
    }

    static String timestamp(long ms) {
        return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60, ms % 1000);
    }

    private static Optional<BufferedImage> decode(byte[] bytes) {
        try {
            return Optional.ofNullable(ImageIO.read(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            // ImageIO throws for a truncated or corrupt JPEG (IIOException, sometimes an unchecked one)
            return Optional.empty();
        }
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            parameters.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(image, null, null), parameters);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a JPEG to memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int even(double value) {
        int rounded = (int) Math.round(value);
        return rounded - rounded % 2;
    }
}
