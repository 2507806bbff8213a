package dev.vodflow.upload.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The media containers a source may come in, recognised from their first bytes. The check is cheap on
 * purpose: it keeps obvious non-media (empty files, text, archives) out of the transcoder, it does not
 * prove that the file decodes.
 */
public enum MediaContainer {
    /** ISO base media (MP4, MOV, 3GP, M4A): an {@code ftyp} box, or an old QuickTime file starting with a movie atom. */
    MP4("video/mp4", "video/quicktime", "video/x-m4v", "video/3gpp", "video/3gpp2", "audio/mp4", "audio/x-m4a"),
    /** Matroska and WebM: the EBML magic number. */
    MATROSKA("video/x-matroska", "video/webm", "audio/x-matroska", "audio/webm"),
    /** AVI: a RIFF file of form type {@code AVI }. */
    AVI("video/x-msvideo", "video/avi", "video/msvideo"),
    /** ASF (WMV/WMA): the ASF header object GUID. */
    ASF("video/x-ms-wmv", "video/x-ms-asf", "audio/x-ms-wma"),
    /** MPEG transport stream: 0x47 sync bytes every 188 bytes (or 192 for M2TS). */
    MPEG_TS("video/mp2t"),
    /** MPEG program stream (VOB, MPG): a pack header or an MPEG video sequence header. */
    MPEG_PS("video/mpeg", "video/mp2p"),
    /** Flash video. */
    FLV("video/x-flv"),
    /** Ogg (Theora, Vorbis, Opus). */
    OGG("video/ogg", "audio/ogg", "application/ogg"),
    /** WAVE audio: a RIFF file of form type {@code WAVE}. */
    WAV("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"),
    /** FLAC audio. */
    FLAC("audio/flac", "audio/x-flac"),
    /** MPEG audio layer I-III, possibly behind an ID3v2 tag. */
    MP3("audio/mpeg", "audio/mp3"),
    /** Raw AAC in ADTS frames. */
    AAC("audio/aac", "audio/x-aac", "audio/aacp");

    private static final byte[] ASF_GUID = {
        0x30,
        0x26,
        (byte) 0xB2,
        0x75,
        (byte) 0x8E,
        0x66,
        (byte) 0xCF,
        0x11,
        (byte) 0xA6,
        (byte) 0xD9,
        0x00,
        (byte) 0xAA,
        0x00,
        0x62,
        (byte) 0xCE,
        0x6C
    };
    private static final List<String> QUICKTIME_ATOMS = List.of("moov", "mdat", "wide", "free", "skip", "pnot");
    private static final int TS_PACKET = 188;
    private static final int M2TS_PACKET = 192;

    private final List<String> contentTypes;

    MediaContainer(String... contentTypes) {
        this.contentTypes = List.of(contentTypes);
    }

    /** The content types a client may declare for this container; the first is the canonical one. */
    public List<String> contentTypes() {
        return contentTypes;
    }

    /** The container whose content types include {@code contentType} (parameters and case ignored). */
    public static Optional<MediaContainer> forContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(container -> container.contentTypes.contains(bare))
                .findFirst();
    }

    /** The container that {@code head}, the first bytes of a file, belongs to, if it is one we know. */
    public static Optional<MediaContainer> detect(byte[] head) {
        if (head.length >= 8 && isQuickTime(head)) {
            return Optional.of(MP4);
        }
        if (startsWith(head, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(MATROSKA);
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "AVI ")) {
            return Optional.of(AVI);
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if (head.length >= ASF_GUID.length && Arrays.equals(head, 0, ASF_GUID.length, ASF_GUID, 0, ASF_GUID.length)) {
            return Optional.of(ASF);
        }
        if (isTransportStream(head, 0, TS_PACKET) || isTransportStream(head, 4, M2TS_PACKET)) {
            return Optional.of(MPEG_TS);
        }
        if (startsWith(head, 0, 0x00, 0x00, 0x01, 0xBA) || startsWith(head, 0, 0x00, 0x00, 0x01, 0xB3)) {
            return Optional.of(MPEG_PS);
        }
        if (ascii(head, 0, "FLV") && head.length > 3 && head[3] == 0x01) {
            return Optional.of(FLV);
        }
        if (ascii(head, 0, "OggS")) {
            return Optional.of(OGG);
        }
        if (ascii(head, 0, "fLaC")) {
            return Optional.of(FLAC);
        }
        if (ascii(head, 0, "ID3") || isMpegAudioFrame(head)) {
            return Optional.of(MP3);
        }
        if (isAdtsFrame(head)) {
            return Optional.of(AAC);
        }
        return Optional.empty();
    }

    private static boolean isQuickTime(byte[] head) {
        if (ascii(head, 4, "ftyp")) {
            return true;
        }
        // Old QuickTime files have no ftyp; they start with a top-level atom whose size is sane.
        long size =
                ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFFL) << 16) | ((head[2] & 0xFFL) << 8) | (head[3] & 0xFFL);
        return (size == 1 || size >= 8) && QUICKTIME_ATOMS.stream().anyMatch(atom -> ascii(head, 4, atom));
    }

    /** Three sync bytes one packet apart (two when only that much was read) make a transport stream. */
    private static boolean isTransportStream(byte[] head, int offset, int packet) {
        int syncs = 0;
        for (int at = offset; at < head.length && syncs < 3; at += packet) {
            if (head[at] != 0x47) {
                return false;
            }
            syncs++;
        }
        return syncs >= 2;
    }

    /** An MPEG audio frame header: 11 sync bits, a valid version, a layer, and a bitrate index that is not "bad". */
    private static boolean isMpegAudioFrame(byte[] head) {
        if (head.length < 3 || (head[0] & 0xFF) != 0xFF || (head[1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (head[1] >> 3) & 0x3;
        int layer = (head[1] >> 1) & 0x3;
        int bitrate = (head[2] >> 4) & 0xF;
        int sampleRate = (head[2] >> 2) & 0x3;
        return version != 1 && layer != 0 && bitrate != 0xF && sampleRate != 0x3;
    }

    /** An ADTS header: 12 sync bits and layer 00. */
    private static boolean isAdtsFrame(byte[] head) {
        return head.length >= 7 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xF6) == 0xF0;
    }

    private static boolean startsWith(byte[] head, int offset, int... expected) {
        if (head.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int offset, String expected) {
        byte[] bytes = expected.getBytes(StandardCharsets.US_ASCII);
        return head.length >= offset + bytes.length
                && Arrays.equals(head, offset, offset + bytes.length, bytes, 0, bytes.length);
    }
}
