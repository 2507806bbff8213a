package dev.vodflow.upload.media;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Bytes that look like media to the media check, for tests that need a source file of a given size. */
public final class MediaSamples {

    private MediaSamples() {}

    /** The start of an MP4: an {@code ftyp} box of brand {@code isom}. */
    public static byte[] mp4() {
        return mp4(32);
    }

    /** An MP4-looking file of {@code size} bytes: an {@code ftyp} box, then noise. */
    public static byte[] mp4(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        byte[] ftyp = {
            0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'
        };
        System.arraycopy(ftyp, 0, bytes, 0, Math.min(ftyp.length, size));
        return bytes;
    }

    public static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
