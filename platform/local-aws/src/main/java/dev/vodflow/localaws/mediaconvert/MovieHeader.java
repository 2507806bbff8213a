package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.mediaconvert.MediaInfo.AudioStream;
import dev.vodflow.localaws.mediaconvert.MediaInfo.VideoStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link Prober} needs from the header of a plain MP4 or QuickTime file (the usual upload) without
 * starting ffprobe, which costs about 0.3 CPU-seconds per job on a distribution's FFmpeg, nearly all of it the
 * loading of some 200 shared libraries. It answers only for files it understands completely, and then the same
 * values ffprobe would print (FFmpeg's mov demuxer and H.264 decoder rules): an unfragmented ISO file whose moov
 * has only H.264 ({@code avc1}, 8-bit 4:2:0, progressive) and AAC-LC tracks, quarter-turn rotations at most. For
 * anything else, and for anything odd in those, it returns null and ffprobe probes as before. It only reads bytes
 * (no decoder, no other file), so a hostile input meets the same guards either way.
 */
final class MovieHeader {

    /** A moov larger than this is not a usual upload's: leave it to ffprobe. */
    private static final long MAX_MOOV = 64L * 1024 * 1024;

    private static final int FIXED_ONE = 0x10000;

    private MovieHeader() {}

    /** Not a file this class answers for, or something in it that ffprobe might read differently. */
    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** The probe's result, or null when ffprobe has to look. */
    static MediaInfo read(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            return read(in);
        } catch (IOException | Unsupported | RuntimeException e) {
            return null;
        }
    }

    private static MediaInfo read(RandomAccessFile in) throws IOException, Unsupported {
        long length = in.length();
        ByteBuffer moov = null;
        long position = 0;
        boolean first = true;
        while (position < length) {
            require(position + 8 <= length);
            in.seek(position);
            long size = in.readInt() & 0xFFFFFFFFL;
            String type = fourCc(in.readInt());
            long header = 8;
            if (size == 1) {
                require(position + 16 <= length);
                size = in.readLong();
                header = 16;
            } else if (size == 0) {
                size = length - position;
            }
            require(size >= header && size <= length - position);
            require(!first || type.equals("ftyp"));
            first = false;
            switch (type) {
                case "moov" -> {
                    require(moov == null && size - header <= MAX_MOOV);
                    byte[] body = new byte[(int) (size - header)];
                    in.seek(position + header);
                    in.readFully(body);
                    moov = ByteBuffer.wrap(body);
                }
                case "ftyp", "free", "skip", "mdat", "wide", "uuid" -> {}
                // moof, sidx, mfra (fragments), meta and anything else: ffprobe
                default -> throw new Unsupported();
            }
            position += size;
        }
        require(moov != null);
        return movie(moov, length);
    }

    private static MediaInfo movie(ByteBuffer moov, long fileLength) throws Unsupported {
        ByteBuffer mvhd = null;
        List<ByteBuffer> traks = new ArrayList<>();
        for (Box box : boxes(moov)) {
            switch (box.type()) {
                case "mvhd" -> mvhd = box.body();
                case "trak" -> traks.add(box.body());
                case "udta", "free", "skip" -> {}
                // mvex (fragmented), iods, meta, ...
                default -> throw new Unsupported();
            }
        }
        require(mvhd != null && !traks.isEmpty());
        int version = mvhd.get() & 0xFF;
        skip(mvhd, 3 + (version == 1 ? 16 : 8));
        long timescale = mvhd.getInt() & 0xFFFFFFFFL;
        long duration = version == 1 ? mvhd.getLong() : mvhd.getInt() & 0xFFFFFFFFL;
        require(timescale > 0 && duration > 0 && duration < Long.MAX_VALUE / 1_000_000);
        skip(mvhd, 4 + 2 + 10);
        require(identity(matrix(mvhd)));
        // FFmpeg's mov demuxer takes the file's duration from mvhd, rescaled to microseconds (rounding half up).
        long micros = (duration * 1_000_000 + timescale / 2) / timescale;
        VideoStream video = null;
        AudioStream audio = null;
        for (int index = 0; index < traks.size(); index++) {
            Track track = track(traks.get(index), fileLength);
            if (track.handler().equals("vide")) {
                VideoStream stream = video(index, track);
                video = video == null ? stream : video;
            } else if (track.handler().equals("soun")) {
                AudioStream stream = audio(index, track);
                audio = audio == null ? stream : audio;
            } else {
                throw new Unsupported();
            }
        }
        require(video != null || audio != null);
        return new MediaInfo("mov", micros / 1e6, video, audio);
    }

    private record Box(String type, ByteBuffer body) {}

    /** The boxes in a container's body; any size that does not fit is a reason to let ffprobe look. */
    private static List<Box> boxes(ByteBuffer body) throws Unsupported {
        List<Box> boxes = new ArrayList<>();
        ByteBuffer in = body.slice();
        while (in.remaining() > 0) {
            require(in.remaining() >= 8);
            long size = in.getInt() & 0xFFFFFFFFL;
            String type = fourCc(in.getInt());
            require(size >= 8 && size - 8 <= in.remaining());
            ByteBuffer box = in.slice();
            box.limit((int) (size - 8));
            boxes.add(new Box(type, box));
            in.position(in.position() + (int) (size - 8));
        }
        return boxes;
    }

    private static ByteBuffer only(List<Box> boxes, String type) throws Unsupported {
        ByteBuffer found = null;
        for (Box box : boxes) {
            if (box.type().equals(type)) {
                require(found == null);
                found = box.body();
            }
        }
        require(found != null);
        return found;
    }

    private record Track(
            String handler,
            long matrixA,
            long matrixB,
            long matrixC,
            long matrixD,
            int tkhdWidth,
            int tkhdHeight,
            long timescale,
            String language,
            ByteBuffer sampleEntry,
            String sampleEntryType,
            long samples,
            long sampleDurations) {}

    private static Track track(ByteBuffer trak, long fileLength) throws Unsupported {
        ByteBuffer tkhd = null;
        ByteBuffer mdia = null;
        for (Box box : boxes(trak)) {
            switch (box.type()) {
                case "tkhd" -> {
                    require(tkhd == null);
                    tkhd = box.body();
                }
                case "mdia" -> {
                    require(mdia == null);
                    mdia = box.body();
                }
                // An edit list moves the start (AAC priming, B-frame delay), which none of the figures shows.
                case "edts" -> edits(box.body());
                case "udta", "free", "skip" -> {}
                // tref, meta, ...
                default -> throw new Unsupported();
            }
        }
        require(tkhd != null && mdia != null);
        int version = tkhd.get() & 0xFF;
        int flags = (tkhd.get() & 0xFF) << 16 | (tkhd.get() & 0xFF) << 8 | tkhd.get() & 0xFF;
        require((flags & 1) == 1);
        skip(tkhd, (version == 1 ? 16 : 8) + 4 + 4 + (version == 1 ? 8 : 4) + 8 + 2 + 2 + 2 + 2);
        long[] matrix = matrix(tkhd);
        int width = tkhd.getInt() >>> 16;
        int height = tkhd.getInt() >>> 16;

        List<Box> media = boxes(mdia);
        ByteBuffer mdhd = only(media, "mdhd");
        ByteBuffer hdlr = only(media, "hdlr");
        ByteBuffer minf = only(media, "minf");
        int mdhdVersion = mdhd.get() & 0xFF;
        skip(mdhd, 3 + (mdhdVersion == 1 ? 16 : 8));
        long timescale = mdhd.getInt() & 0xFFFFFFFFL;
        skip(mdhd, mdhdVersion == 1 ? 8 : 4);
        int packedLanguage = mdhd.getShort() & 0xFFFF;
        require(timescale > 0);
        skip(hdlr, 4 + 4);
        String handler = fourCc(hdlr.getInt());

        ByteBuffer stbl = only(boxes(minf), "stbl");
        List<Box> table = boxes(stbl);
        ByteBuffer stsd = only(table, "stsd");
        skip(stsd, 4);
        require(stsd.getInt() == 1);
        List<Box> entries = boxes(stsd);
        require(entries.size() == 1);

        ByteBuffer stts = only(table, "stts");
        skip(stts, 4);
        long entryCount = stts.getInt() & 0xFFFFFFFFL;
        require(entryCount > 0 && entryCount * 8 <= stts.remaining());
        long samples = 0;
        long durations = 0;
        for (long i = 0; i < entryCount; i++) {
            long count = stts.getInt() & 0xFFFFFFFFL;
            int delta = stts.getInt();
            require(delta >= 0);
            samples += count;
            durations += count * delta;
        }
        require(samples > 0 && samples <= Integer.MAX_VALUE && durations > 0);
        ByteBuffer stsz = only(table, "stsz");
        skip(stsz, 4 + 4);
        require((stsz.getInt() & 0xFFFFFFFFL) == samples);
        requireOnlyOne(table, "stsc");
        chunkOffsets(table, fileLength);
        return new Track(
                handler,
                matrix[0],
                matrix[1],
                matrix[3],
                matrix[4],
                width,
                height,
                timescale,
                language(packedLanguage),
                entries.get(0).body(),
                entries.get(0).type(),
                samples,
                durations);
    }

    /** Only one edit that plays the track on from some point at normal speed, as muxers write it. */
    private static void edits(ByteBuffer edts) throws Unsupported {
        ByteBuffer elst = only(boxes(edts), "elst");
        int version = elst.get() & 0xFF;
        skip(elst, 3);
        require(elst.getInt() == 1);
        skip(elst, version == 1 ? 8 : 4);
        long mediaTime = version == 1 ? elst.getLong() : elst.getInt();
        require(mediaTime >= 0 && elst.getInt() == FIXED_ONE);
    }

    private static void requireOnlyOne(List<Box> table, String type) throws Unsupported {
        only(table, type);
    }

    /** Every chunk inside the file: a cut-off file is ffprobe's (and then the transcode's) to judge. */
    private static void chunkOffsets(List<Box> table, long fileLength) throws Unsupported {
        boolean wide = table.stream().anyMatch(b -> b.type().equals("co64"));
        ByteBuffer offsets = only(table, wide ? "co64" : "stco");
        require(!wide || table.stream().noneMatch(b -> b.type().equals("stco")));
        skip(offsets, 4);
        long count = offsets.getInt() & 0xFFFFFFFFL;
        require(count > 0 && count * (wide ? 8 : 4) <= offsets.remaining());
        for (long i = 0; i < count; i++) {
            long offset = wide ? offsets.getLong() : offsets.getInt() & 0xFFFFFFFFL;
            require(offset >= 0 && offset < fileLength);
        }
    }

    private static VideoStream video(int index, Track track) throws Unsupported {
        require(track.sampleEntryType().equals("avc1"));
        ByteBuffer entry = track.sampleEntry();
        skip(entry, 6 + 2 + 16);
        int entryWidth = entry.getShort() & 0xFFFF;
        int entryHeight = entry.getShort() & 0xFFFF;
        skip(entry, 4 + 4 + 4 + 2 + 32 + 2 + 2);
        List<Box> extensions = boxes(entry);
        // A colr box can set the colour range the decoder reports as the pixel format: ffprobe's to read.
        require(extensions.stream().noneMatch(b -> b.type().equals("colr")));
        ByteBuffer avcC = only(extensions, "avcC");
        require((avcC.get() & 0xFF) == 1);
        skip(avcC, 3);
        require((avcC.get() & 0x03) == 3);
        int spsCount = avcC.get() & 0x1F;
        require(spsCount >= 1);
        int spsLength = avcC.getShort() & 0xFFFF;
        require(spsLength >= 4 && spsLength <= avcC.remaining());
        byte[] nal = new byte[spsLength];
        avcC.get(nal);
        Sps sps = Sps.parse(nal);
        // The decoder's size wins in ffprobe; where the sample entry says otherwise, let ffprobe decide.
        require(sps.width() == entryWidth && sps.height() == entryHeight);
        require(track.tkhdWidth() == entryWidth && track.tkhdHeight() == entryHeight);
        // avg_frame_rate: time scale times frames over the summed sample durations, reduced.
        long numerator = track.timescale() * track.samples();
        long denominator = track.sampleDurations();
        long gcd = gcd(numerator, denominator);
        numerator /= gcd;
        denominator /= gcd;
        require(numerator <= Integer.MAX_VALUE && denominator <= Integer.MAX_VALUE);
        double rate = (double) numerator / denominator;
        require(rate > 0 && rate < 1000);
        return new VideoStream(
                index,
                "h264",
                "avc1",
                sps.width(),
                sps.height(),
                rotation(track),
                rate,
                8,
                sps.fullRange() ? "yuvj420p" : "yuv420p");
    }

    /** Clockwise degrees of a pure quarter turn, as {@link Prober} derives them from ffprobe's display matrix. */
    private static int rotation(Track track) throws Unsupported {
        long a = track.matrixA();
        long b = track.matrixB();
        long c = track.matrixC();
        long d = track.matrixD();
        if (a == FIXED_ONE && b == 0 && c == 0 && d == FIXED_ONE) {
            return 0;
        }
        if (a == 0 && b == FIXED_ONE && c == -FIXED_ONE && d == 0) {
            return 90;
        }
        if (a == -FIXED_ONE && b == 0 && c == 0 && d == -FIXED_ONE) {
            return 180;
        }
        if (a == 0 && b == -FIXED_ONE && c == FIXED_ONE && d == 0) {
            return 270;
        }
        throw new Unsupported();
    }

    private static AudioStream audio(int index, Track track) throws Unsupported {
        require(track.sampleEntryType().equals("mp4a"));
        ByteBuffer entry = track.sampleEntry();
        skip(entry, 6 + 2);
        require(entry.getShort() == 0);
        skip(entry, 6);
        skip(entry, 2 + 2 + 2 + 2);
        long entryRate = (entry.getInt() & 0xFFFFFFFFL) >>> 16;
        ByteBuffer esds = only(boxes(entry), "esds");
        skip(esds, 4);
        require(descriptorTag(esds) == 0x03);
        skip(esds, 2);
        int esFlags = esds.get() & 0xFF;
        require((esFlags & 0xE0) == 0);
        require(descriptorTag(esds) == 0x04);
        require((esds.get() & 0xFF) == 0x40);
        skip(esds, 12);
        require(descriptorTag(esds) == 0x05);
        int config = esds.getShort() & 0xFFFF;
        int objectType = config >>> 11;
        int frequencyIndex = (config >>> 7) & 0x0F;
        int channels = (config >>> 3) & 0x0F;
        // AAC-LC only (no signalled SBR or PS), at rates where the decoder cannot find implicit SBR.
        require(objectType == 2);
        int rate =
                switch (frequencyIndex) {
                    case 3 -> 48000;
                    case 4 -> 44100;
                    case 5 -> 32000;
                    default -> throw new Unsupported();
                };
        require(channels == 1 || channels == 2);
        // The sample entry's channel count is 2 whatever the stream has (FFmpeg writes 2 for AAC): the config rules.
        require(entryRate == rate);
        return new AudioStream(index, "aac", channels, rate, track.language());
    }

    /** Reads an MPEG-4 descriptor's tag and its (up to four byte) length. */
    private static int descriptorTag(ByteBuffer in) throws Unsupported {
        int tag = in.get() & 0xFF;
        int length = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.get() & 0xFF;
            length = length << 7 | b & 0x7F;
            if ((b & 0x80) == 0) {
                require(length <= in.remaining());
                return tag;
            }
        }
        throw new Unsupported();
    }

    /** ISO 639-2/T packed into 15 bits; older QuickTime language codes are ffprobe's to translate. */
    private static String language(int packed) throws Unsupported {
        require(packed >= 0x400 && packed < 0x8000);
        char[] code = new char[3];
        for (int i = 0; i < 3; i++) {
            int c = (packed >> (10 - 5 * i)) & 0x1F;
            require(c >= 1 && c <= 26);
            code[i] = (char) ('a' + c - 1);
        }
        return new String(code);
    }

    private static long[] matrix(ByteBuffer in) {
        long[] matrix = new long[9];
        for (int i = 0; i < 9; i++) {
            matrix[i] = in.getInt();
        }
        return matrix;
    }

    private static boolean identity(long[] matrix) {
        return matrix[0] == FIXED_ONE
                && matrix[1] == 0
                && matrix[2] == 0
                && matrix[3] == 0
                && matrix[4] == FIXED_ONE
                && matrix[5] == 0
                && matrix[6] == 0
                && matrix[7] == 0
                && matrix[8] == 0x40000000;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static void skip(ByteBuffer in, int bytes) throws Unsupported {
        require(bytes <= in.remaining());
        in.position(in.position() + bytes);
    }

    private static void require(boolean condition) throws Unsupported {
        if (!condition) {
            throw new Unsupported();
        }
    }

    private static String fourCc(int value) {
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The parts of an H.264 sequence parameter set that decide ffprobe's size and pixel format. */
    private record Sps(int width, int height, boolean fullRange) {

        static Sps parse(byte[] nal) throws Unsupported {
            Bits bits = new Bits(unescape(nal));
            require((bits.read(8) & 0x1F) == 7);
            int profile = bits.read(8);
            bits.read(16);
            bits.ue();
            if (profile == 100
                    || profile == 110
                    || profile == 122
                    || profile == 244
                    || profile == 44
                    || profile == 83
                    || profile == 86
                    || profile == 118
                    || profile == 128
                    || profile == 138
                    || profile == 139
                    || profile == 134
                    || profile == 135) {
                require(bits.ue() == 1);
                require(bits.ue() == 0 && bits.ue() == 0);
                bits.read(1);
                // Custom scaling matrices: rare, and ffprobe's business.
                require(bits.read(1) == 0);
            }
            bits.ue();
            int pocType = bits.ue();
            if (pocType == 0) {
                bits.ue();
            } else if (pocType == 1) {
                bits.read(1);
                bits.se();
                bits.se();
                int cycle = bits.ue();
                require(cycle < 256);
                for (int i = 0; i < cycle; i++) {
                    bits.se();
                }
            } else {
                require(pocType == 2);
            }
            bits.ue();
            bits.read(1);
            int widthInMbs = bits.ue() + 1;
            int heightInMbs = bits.ue() + 1;
            // Interlaced coding: ffprobe's to describe.
            require(bits.read(1) == 1);
            bits.read(1);
            int cropRight = 0;
            int cropBottom = 0;
            if (bits.read(1) == 1) {
                int cropLeft = bits.ue();
                cropRight = bits.ue();
                int cropTop = bits.ue();
                cropBottom = bits.ue();
                // The decoder adjusts left and top crops to keep alignment: leave those to ffprobe.
                require(cropLeft == 0 && cropTop == 0);
            }
            require(widthInMbs <= 1024 && heightInMbs <= 1024);
            int width = widthInMbs * 16 - 2 * cropRight;
            int height = heightInMbs * 16 - 2 * cropBottom;
            require(width > 0 && height > 0 && 2 * cropRight < 16 && 2 * cropBottom < 16);
            boolean fullRange = false;
            if (bits.read(1) == 1) {
                if (bits.read(1) == 1 && bits.read(8) == 255) {
                    bits.read(32);
                }
                if (bits.read(1) == 1) {
                    bits.read(1);
                }
                if (bits.read(1) == 1) {
                    bits.read(3);
                    fullRange = bits.read(1) == 1;
                }
            }
            return new Sps(width, height, fullRange);
        }

        /** Drops the emulation-prevention byte of every 00 00 03. */
        private static byte[] unescape(byte[] nal) {
            byte[] out = new byte[nal.length];
            int n = 0;
            int zeros = 0;
            for (byte b : nal) {
                if (zeros >= 2 && b == 3) {
                    zeros = 0;
                    continue;
                }
                zeros = b == 0 ? zeros + 1 : 0;
                out[n++] = b;
            }
            return java.util.Arrays.copyOf(out, n);
        }
    }

    /** Big-endian bit reader with Exp-Golomb codes. */
    private static final class Bits {
        private final byte[] data;
        private long position;

        Bits(byte[] data) {
            this.data = data;
        }

        int read(int count) throws Unsupported {
            long value = 0;
            for (int i = 0; i < count; i++) {
                require(position < (long) data.length * 8);
                int bit = (data[(int) (position >>> 3)] >>> (7 - (int) (position & 7))) & 1;
                value = value << 1 | bit;
                position++;
            }
            return (int) value;
        }

        int ue() throws Unsupported {
            int zeros = 0;
            while (read(1) == 0) {
                zeros++;
                require(zeros < 31);
            }
            return (int) ((1L << zeros) - 1 + read(zeros));
        }

        int se() throws Unsupported {
            int code = ue();
            return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
        }
    }
}
