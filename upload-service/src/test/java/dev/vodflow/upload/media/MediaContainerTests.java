package dev.vodflow.upload.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MediaContainerTests {

    @Test
    void recognisesIsoBaseMediaByItsFtypBox() {
        assertThat(MediaContainer.detect(MediaSamples.mp4())).contains(MediaContainer.MP4);
    }

    @Test
    void recognisesOldQuickTimeStartingWithAMovieAtom() {
        byte[] mov = bytes(0, 0, 0, 0x20);
        assertThat(MediaContainer.detect(concat(mov, ascii("moov"), new byte[24])))
                .contains(MediaContainer.MP4);
    }

    @Test
    void recognisesMatroskaAndWebm() {
        assertThat(MediaContainer.detect(concat(bytes(0x1A, 0x45, 0xDF, 0xA3), new byte[28])))
                .contains(MediaContainer.MATROSKA);
    }

    @Test
    void tellsAviFromWaveInsideRiff() {
        assertThat(MediaContainer.detect(concat(ascii("RIFF"), bytes(0, 0, 0, 0), ascii("AVI LIST"))))
                .contains(MediaContainer.AVI);
        assertThat(MediaContainer.detect(concat(ascii("RIFF"), bytes(0, 0, 0, 0), ascii("WAVEfmt "))))
                .contains(MediaContainer.WAV);
        assertThat(MediaContainer.detect(concat(ascii("RIFF"), bytes(0, 0, 0, 0), ascii("WEBPVP8 "))))
                .isEmpty();
    }

    @Test
    void recognisesTransportStreamsBySyncBytesOnePacketApart() {
        byte[] ts = new byte[188 * 3];
        ts[0] = 0x47;
        ts[188] = 0x47;
        ts[376] = 0x47;
        assertThat(MediaContainer.detect(ts)).contains(MediaContainer.MPEG_TS);
        ts[376] = 0x00;
        assertThat(MediaContainer.detect(ts)).isEmpty();
    }

    @Test
    void recognisesM2tsWithItsFourByteTimestampPrefix() {
        byte[] m2ts = new byte[192 * 3];
        m2ts[4] = 0x47;
        m2ts[196] = 0x47;
        m2ts[388] = 0x47;
        assertThat(MediaContainer.detect(m2ts)).contains(MediaContainer.MPEG_TS);
    }

    @Test
    void recognisesProgramStreamFlvOggAndAudioContainers() {
        assertThat(MediaContainer.detect(bytes(0, 0, 1, 0xBA, 0x44, 0, 4, 0))).contains(MediaContainer.MPEG_PS);
        assertThat(MediaContainer.detect(concat(ascii("FLV"), bytes(1, 5, 0, 0, 0, 9))))
                .contains(MediaContainer.FLV);
        assertThat(MediaContainer.detect(concat(ascii("OggS"), new byte[24]))).contains(MediaContainer.OGG);
        assertThat(MediaContainer.detect(concat(ascii("fLaC"), new byte[24]))).contains(MediaContainer.FLAC);
        assertThat(MediaContainer.detect(concat(ascii("ID3"), bytes(4, 0, 0, 0, 0, 0, 0))))
                .contains(MediaContainer.MP3);
        // MPEG-1 layer III, 128 kbit/s, 44.1 kHz
        assertThat(MediaContainer.detect(bytes(0xFF, 0xFB, 0x90, 0x64, 0, 0, 0)))
                .contains(MediaContainer.MP3);
        // ADTS AAC-LC
        assertThat(MediaContainer.detect(bytes(0xFF, 0xF1, 0x50, 0x80, 0x01, 0x7F, 0xFC)))
                .contains(MediaContainer.AAC);
    }

    @Test
    void refusesTextImagesArchivesAndEmptiness() {
        assertThat(MediaContainer.detect("hello, this is not a video\n".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(MediaContainer.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)))
                .isEmpty();
        assertThat(MediaContainer.detect(concat(ascii("PK"), bytes(3, 4, 20, 0, 0, 0))))
                .isEmpty();
        assertThat(MediaContainer.detect(bytes(0x25, 0x50, 0x44, 0x46, 0x2D))).isEmpty();
        assertThat(MediaContainer.detect(new byte[0])).isEmpty();
        assertThat(MediaContainer.detect(new byte[4096])).isEmpty();
    }

    @Test
    void mapsDeclaredContentTypesToContainersIgnoringCaseAndParameters() {
        assertThat(MediaContainer.forContentType("video/QuickTime")).contains(MediaContainer.MP4);
        assertThat(MediaContainer.forContentType("video/webm; codecs=vp9")).contains(MediaContainer.MATROSKA);
        assertThat(MediaContainer.forContentType("text/plain")).isEmpty();
        assertThat(MediaContainer.forContentType(null)).isEmpty();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int from = all.length;
            all = Arrays.copyOf(all, from + part.length);
            System.arraycopy(part, 0, all, from, part.length);
        }
        return all;
    }
}
