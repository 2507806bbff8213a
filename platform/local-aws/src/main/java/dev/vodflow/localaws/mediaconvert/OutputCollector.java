package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.mediaconvert.JobSpec.Destination;
import dev.vodflow.localaws.mediaconvert.JobSpec.GroupType;
import dev.vodflow.localaws.mediaconvert.TranscodePlan.PlannedGroup;
import dev.vodflow.localaws.mediaconvert.TranscodePlan.PlannedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Checks that FFmpeg wrote every output completely (a finished playlist whose segments all exist, an MP4 with
 * its index before the media, whole JPEGs) and turns the local files into what goes to S3 under the names
 * MediaConvert uses, plus the HLS master playlist with bandwidths, codecs, resolution and frame rate.
 */
final class OutputCollector {

    /** A file to upload: either a local file or generated text. */
    record Upload(String bucket, String key, Path file, byte[] content, String contentType) {}

    record OutputResult(
            List<String> outputFilePaths, long durationMs, Integer width, Integer height, Long averageBitrate) {}

    record GroupResult(GroupType type, List<String> playlistFilePaths, List<OutputResult> outputs) {}

    /** Media first and playlists last, so that whoever sees a playlist finds everything it names. */
    record Collected(List<Upload> media, List<Upload> playlists, List<GroupResult> groups) {}

    private record Segment(double duration, String uri) {}

    private OutputCollector() {}

    static Collected collect(TranscodePlan plan, Path dir, double expectedSeconds) throws JobFailure {
        List<Upload> media = new ArrayList<>();
        List<Upload> playlists = new ArrayList<>();
        List<GroupResult> groups = new ArrayList<>();
        for (PlannedGroup group : plan.groups()) {
            Destination destination = group.spec().destination();
            List<OutputResult> results = new ArrayList<>();
            List<CmafTrack> tracks = new ArrayList<>();
            List<HlsVariant> variants = new ArrayList<>();
            for (PlannedOutput output : group.outputs()) {
                String finalBase = destination.baseName() + output.spec().nameModifier();
                switch (output.kind()) {
                    case HLS_VARIANT -> {
                        HlsVariant variant =
                                variant(output, dir, destination, finalBase, expectedSeconds, plan, media, playlists);
                        variants.add(variant);
                        results.add(variant.result());
                    }
                    case CMAF_TRACK -> {
                        CmafTrack track =
                                cmafTrack(output, dir, destination, finalBase, expectedSeconds, plan, media, playlists);
                        tracks.add(track);
                        results.add(track.result());
                    }
                    case MP4 -> results.add(mp4(output, dir, destination, finalBase, expectedSeconds, media));
                    case CAPTURE -> results.add(captures(output, dir, destination, finalBase, expectedSeconds, media));
                }
            }
            List<String> playlistPaths = List.of();
            if (group.spec().type() == GroupType.CMAF_GROUP) {
                playlistPaths = CmafManifests.write(group.spec(), tracks, playlists);
            }
            if (group.spec().type() == GroupType.HLS_GROUP) {
                String masterName = destination.baseName() + ".m3u8";
                playlists.add(new Upload(
                        destination.bucket(),
                        destination.key(masterName),
                        null,
                        hlsMaster(variants).getBytes(StandardCharsets.UTF_8),
                        "application/x-mpegURL"));
                playlistPaths = List.of(destination.uri(masterName));
            }
            groups.add(new GroupResult(group.spec().type(), playlistPaths, List.copyOf(results)));
        }
        return new Collected(List.copyOf(media), List.copyOf(playlists), List.copyOf(groups));
    }

    /** One output of an HLS group as collected: a variant, or an audio rendition that variants play with. */
    record HlsVariant(
            PlannedOutput output,
            String playlistName,
            Segmented segments,
            String codec,
            double frameRate,
            OutputResult result) {

        boolean video() {
            return output.video() != null;
        }

        StreamInf.Track streamInf() {
            return StreamInf.Track.of(playlistName, segments, codec, output, frameRate);
        }
    }

    private static HlsVariant variant(
            PlannedOutput output,
            Path dir,
            Destination destination,
            String finalBase,
            double expectedSeconds,
            TranscodePlan plan,
            List<Upload> media,
            List<Upload> playlists)
            throws JobFailure {
        Segmented segmented = segmented(output, dir, destination, finalBase, expectedSeconds, "video/MP2T", media);
        String variantName = finalBase + "." + output.spec().extension();
        playlists.add(new Upload(
                destination.bucket(),
                destination.key(variantName),
                null,
                segmented.playlist().getBytes(StandardCharsets.UTF_8),
                "application/x-mpegURL"));
        List<String> codecs = new ArrayList<>();
        if (output.video() != null) {
            codecs.add(avcCodec(segmented.firstSegment(), output));
        }
        if (output.audio() != null) {
            codecs.add("mp4a.40.2");
        }
        OutputResult result = new OutputResult(
                List.of(destination.uri(variantName)),
                Math.round(segmented.seconds() * 1000),
                output.width(),
                output.height(),
                output.video() == null ? null : segmented.averageBitrate());
        return new HlsVariant(
                output,
                variantName,
                segmented,
                String.join(",", codecs),
                output.video() == null ? 0 : frameRate(output, plan),
                result);
    }

    /**
     * The HLS group's multivariant playlist. When the group has pictures, each audio-only output that is not an
     * audio-only variant is a rendition ({@code EXT-X-MEDIA}) of its audio group, and every video variant names
     * the group it plays with ({@code AUDIO=}), its bandwidth and codecs counting that rendition's, as MediaConvert
     * writes them. Without pictures the audio outputs are the variants.
     */
    static String hlsMaster(List<HlsVariant> outputs) {
        boolean pictures = outputs.stream().anyMatch(HlsVariant::video);
        List<HlsVariant> renditions = outputs.stream()
                .filter(o -> pictures && !o.video() && !o.output().spec().hls().audioOnlyVariant())
                .toList();
        StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:")
                .append(renditions.isEmpty() ? 3 : 4)
                .append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        List<String> defaults = new ArrayList<>();
        for (HlsVariant rendition : renditions) {
            String group = rendition.output().spec().hls().audioGroupId();
            boolean first = !defaults.contains(group);
            defaults.add(group);
            String name = rendition.output().spec().nameModifier().replaceFirst("^[_\\-.]+", "");
            master.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"")
                    .append(group)
                    .append("\",NAME=\"")
                    .append(name.isEmpty() ? "audio" : name)
                    .append("\",DEFAULT=")
                    .append(first ? "YES" : "NO")
                    .append(",AUTOSELECT=YES,CHANNELS=\"")
                    .append(rendition.output().audio().channels())
                    .append("\",URI=\"")
                    .append(uriEncode(rendition.playlistName()))
                    .append("\"\n");
        }
        for (HlsVariant variant : outputs) {
            if (renditions.contains(variant)) {
                continue;
            }
            HlsVariant audio = variant.video() && variant.output().audio() == null
                    ? renditions.stream()
                            .filter(r -> r.output()
                                    .spec()
                                    .hls()
                                    .audioGroupId()
                                    .equals(variant.output().spec().hls().audioRenditionSets()))
                            .findFirst()
                            .orElse(null)
                    : null;
            StreamInf.append(
                    master,
                    variant.streamInf(),
                    audio == null ? null : audio.streamInf(),
                    audio == null ? null : audio.output().spec().hls().audioGroupId());
        }
        return master.toString();
    }

    /**
     * A media playlist FFmpeg wrote and the files it names, checked complete and queued for upload under their
     * final names; the playlist comes back rewritten to those names.
     */
    record Segmented(
            String playlist,
            List<Double> durations,
            List<String> segmentNames,
            String initName,
            Path firstSegment,
            Path init,
            long peakBitrate,
            long averageBitrate,
            double seconds) {}

    private static Segmented segmented(
            PlannedOutput output,
            Path dir,
            Destination destination,
            String finalBase,
            double expectedSeconds,
            String contentType,
            List<Upload> media)
            throws JobFailure {
        List<String> lines = readLines(dir.resolve(output.localName() + ".m3u8"), output);
        if (!lines.contains("#EXT-X-ENDLIST")) {
            throw incomplete(output, "its playlist was never finished (no #EXT-X-ENDLIST)");
        }
        boolean cmaf = output.kind() == TranscodePlan.Kind.CMAF_TRACK;
        String extension = !cmaf ? null : output.video() != null ? ".cmfv" : ".cmfa";
        List<Segment> segments = new ArrayList<>();
        StringBuilder rewritten = new StringBuilder();
        String localInit = null;
        double pending = -1;
        for (String line : lines) {
            if (line.startsWith("#EXTINF:")) {
                pending = Double.parseDouble(line.substring("#EXTINF:".length()).split(",")[0]);
                rewritten.append(line).append('\n');
            } else if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                localInit = line.substring("#EXT-X-MAP:URI=\"".length(), line.lastIndexOf('"'));
                rewritten
                        .append("#EXT-X-MAP:URI=\"")
                        .append(uriEncode(finalName(output, finalBase, localInit, extension)))
                        .append("\"\n");
            } else if (!line.isBlank() && !line.startsWith("#")) {
                segments.add(new Segment(pending, line));
                rewritten
                        .append(uriEncode(finalName(output, finalBase, line, extension)))
                        .append('\n');
            } else if (!line.isBlank()) {
                rewritten.append(line).append('\n');
            }
        }
        if (segments.isEmpty()) {
            throw incomplete(output, "its playlist lists no segments");
        }
        Path init = null;
        String initName = null;
        if (cmaf) {
            if (localInit == null || size(dir.resolve(localInit)) == 0) {
                throw incomplete(output, "its initialization segment is missing");
            }
            init = dir.resolve(localInit);
            initName = finalName(output, finalBase, localInit, extension);
            media.add(new Upload(destination.bucket(), destination.key(initName), init, null, contentType));
        }
        long totalBytes = 0;
        double totalSeconds = 0;
        long peak = 0;
        List<Double> durations = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Segment segment : segments) {
            Path file = dir.resolve(segment.uri());
            long size = size(file);
            if (size == 0) {
                throw incomplete(output, "segment " + segment.uri() + " is missing or empty");
            }
            totalBytes += size;
            totalSeconds += segment.duration();
            if (segment.duration() > 0) {
                peak = Math.max(peak, Math.round(size * 8 / segment.duration()));
            }
            String name = finalName(output, finalBase, segment.uri(), extension);
            durations.add(segment.duration());
            names.add(name);
            media.add(new Upload(destination.bucket(), destination.key(name), file, null, contentType));
        }
        requireDuration(output, totalSeconds, expectedSeconds);
        return new Segmented(
                rewritten.toString(),
                List.copyOf(durations),
                List.copyOf(names),
                initName,
                dir.resolve(segments.get(0).uri()),
                init,
                peak,
                Math.round(totalBytes * 8 / totalSeconds),
                totalSeconds);
    }

    /** {@code g0o1_00003.m4s} becomes {@code master_720p_00003.cmfv}: the final base plus FFmpeg's suffix. */
    private static String finalName(PlannedOutput output, String finalBase, String localFile, String extension) {
        String suffix = localFile.substring(output.localName().length());
        if (extension != null) {
            suffix = suffix.substring(0, suffix.lastIndexOf('.')) + extension;
        }
        return finalBase + suffix;
    }

    /** The output's frame rate when it sets one, else the source's. */
    private static double frameRate(PlannedOutput output, TranscodePlan plan) {
        TranscodePlan.PictureKey picture = output.video().picture();
        return picture.fpsNumerator() != null
                ? (double) picture.fpsNumerator() / picture.fpsDenominator()
                : plan.frameRate();
    }

    /** One CMAF track as collected: its segments, and what the manifests say about it. */
    record CmafTrack(
            PlannedOutput output,
            String playlistName,
            Segmented segments,
            String codec,
            double frameRate,
            OutputResult result) {

        StreamInf.Track streamInf() {
            return StreamInf.Track.of(playlistName, segments, codec, output, frameRate);
        }
    }

    private static CmafTrack cmafTrack(
            PlannedOutput output,
            Path dir,
            Destination destination,
            String finalBase,
            double expectedSeconds,
            TranscodePlan plan,
            List<Upload> media,
            List<Upload> playlists)
            throws JobFailure {
        boolean video = output.video() != null;
        Segmented segmented = segmented(
                output, dir, destination, finalBase, expectedSeconds, video ? "video/mp4" : "audio/mp4", media);
        String playlistName = finalBase + "." + output.spec().extension();
        playlists.add(new Upload(
                destination.bucket(),
                destination.key(playlistName),
                null,
                segmented.playlist().getBytes(StandardCharsets.UTF_8),
                "application/x-mpegURL"));
        String codec = video ? avcCodecFromInit(segmented.init(), output) : "mp4a.40.2";
        double fps = video ? frameRate(output, plan) : 0;
        OutputResult result = new OutputResult(
                List.of(destination.uri(playlistName)),
                Math.round(segmented.seconds() * 1000),
                output.width(),
                output.height(),
                video ? segmented.averageBitrate() : null);
        return new CmafTrack(output, playlistName, segmented, codec, fps, result);
    }

    private static OutputResult mp4(
            PlannedOutput output,
            Path dir,
            Destination destination,
            String finalBase,
            double expectedSeconds,
            List<Upload> media)
            throws JobFailure {
        Path file = dir.resolve(output.localName() + ".mp4");
        if (size(file) == 0) {
            throw incomplete(output, "the MP4 file is missing or empty");
        }
        double seconds = movieSeconds(file);
        if (seconds < 0) {
            throw incomplete(output, "the MP4 has no moov box with a movie header before its media data");
        }
        requireDuration(output, seconds, expectedSeconds);
        String name = finalBase + "." + output.spec().extension();
        media.add(new Upload(destination.bucket(), destination.key(name), file, null, "video/mp4"));
        Long bitrate = output.video() == null ? null : Math.round(size(file) * 8 / Math.max(seconds, 0.001));
        return new OutputResult(
                List.of(destination.uri(name)), Math.round(seconds * 1000), output.width(), output.height(), bitrate);
    }

    private static OutputResult captures(
            PlannedOutput output,
            Path dir,
            Destination destination,
            String finalBase,
            double expectedSeconds,
            List<Upload> media)
            throws JobFailure {
        List<Path> files;
        String prefix = output.localName() + ".";
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".jpg"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw incomplete(output, "cannot list captures: " + e.getMessage());
        }
        int expected = (int) Math.min(
                output.capture().maxCaptures(),
                Math.floor(Math.max(0, expectedSeconds - 0.05)
                                / output.capture().intervalSeconds())
                        + 1);
        if (files.isEmpty() || files.size() < expected - 1) {
            throw incomplete(output, "expected " + expected + " frame captures, found " + files.size());
        }
        String last = null;
        for (Path file : files) {
            if (!wholeJpeg(file)) {
                throw incomplete(output, "frame capture " + file.getFileName() + " is not a complete JPEG");
            }
            String counter = file.getFileName().toString().substring(prefix.length(), prefix.length() + 7);
            last = finalBase + "." + counter + "." + output.spec().extension();
            media.add(new Upload(destination.bucket(), destination.key(last), file, null, "image/jpeg"));
        }
        return new OutputResult(
                List.of(destination.uri(last)),
                Math.round(expectedSeconds * 1000),
                output.width(),
                output.height(),
                null);
    }

    private static void requireDuration(PlannedOutput output, double actual, double expected) throws JobFailure {
        if (expected > 0 && actual < expected * 0.9 - 0.5) {
            throw incomplete(
                    output, String.format(Locale.ROOT, "it lasts %.2f s of the input's %.2f s", actual, expected));
        }
    }

    private static JobFailure incomplete(PlannedOutput output, String why) {
        return new JobFailure(
                JobFailure.TRANSCODE_FAILED,
                "Output '" + output.spec().nameModifier() + "' (" + output.kind() + ") is incomplete: " + why);
    }

    private static List<String> readLines(Path file, PlannedOutput output) throws JobFailure {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw incomplete(output, "its playlist is missing");
        }
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Walks the top-level boxes: a progressive-download MP4 has moov before mdat. */
    static boolean indexBeforeMedia(Path file) {
        return movieSeconds(file) >= 0;
    }

    /**
     * The movie's duration from the movie header (mvhd, the value ffprobe reports as the format's duration), or -1
     * when the index is not before the media or has no header. Read here rather than by ffprobe: a process start
     * costs FFmpeg's hundreds of shared libraries, about a third of a CPU-second, for 100 bytes of the file.
     */
    static double movieSeconds(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long moov = box(in, 0, in.length(), "moov", "mdat");
            if (moov < 0) {
                return -1;
            }
            long moovEnd = moov + boxSize(in, moov);
            long mvhd = box(in, moov + 8, moovEnd, "mvhd", null);
            if (mvhd < 0) {
                return -1;
            }
            in.seek(mvhd + 8);
            int version = in.readUnsignedByte();
            in.skipBytes(3 + (version == 1 ? 16 : 8));
            long timescale = in.readInt() & 0xFFFFFFFFL;
            long duration = version == 1 ? in.readLong() : in.readInt() & 0xFFFFFFFFL;
            return timescale == 0 || duration < 0 ? -1 : (double) duration / timescale;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The position of the first box of {@code type} between two positions, -1 if {@code stop} or the end comes first. */
    private static long box(RandomAccessFile in, long from, long to, String type, String stop) throws IOException {
        long position = from;
        while (position + 8 <= to) {
            long size = boxSize(in, position);
            in.seek(position + 4);
            byte[] name = new byte[4];
            in.readFully(name);
            String box = new String(name, StandardCharsets.US_ASCII);
            if (box.equals(type)) {
                return position;
            }
            if (box.equals(stop) || size < 8) {
                return -1;
            }
            position += size;
        }
        return -1;
    }

    private static long boxSize(RandomAccessFile in, long position) throws IOException {
        in.seek(position);
        long size = in.readInt() & 0xFFFFFFFFL;
        if (size == 1) {
            in.seek(position + 8);
            return in.readLong();
        }
        return size == 0 ? in.length() - position : size;
    }

    static boolean wholeJpeg(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < 4) {
                return false;
            }
            int start = in.readUnsignedShort();
            in.seek(length - 2);
            int end = in.readUnsignedShort();
            return start == 0xFFD8 && end == 0xFFD9;
        } catch (IOException e) {
            return false;
        }
    }

    /** RFC 6381 codec string from the first SPS in a segment: avc1.PPCCLL (profile, constraints, level). */
    static String avcCodec(Path segment, PlannedOutput output) throws JobFailure {
        byte[] data = new byte[256 * 1024];
        int read;
        try (InputStream in = Files.newInputStream(segment)) {
            read = in.readNBytes(data, 0, data.length);
        } catch (IOException e) {
            throw incomplete(output, "cannot read " + segment.getFileName());
        }
        // Transport-stream packet headers can split a NAL unit, so look at the payload bytes as they are:
        // x264 writes its SPS right after the access unit delimiter, well inside the first PES packet.
        for (int i = 0; i + 6 < read; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1F) == 7) {
                return String.format(
                        Locale.ROOT, "avc1.%02x%02x%02x", data[i + 4] & 0xFF, data[i + 5] & 0xFF, data[i + 6] & 0xFF);
            }
        }
        throw incomplete(output, "no H.264 sequence parameter set in " + segment.getFileName());
    }

    /** RFC 6381 codec string from the avcC box of an fMP4 initialization segment. */
    static String avcCodecFromInit(Path init, PlannedOutput output) throws JobFailure {
        byte[] data;
        try {
            data = Files.readAllBytes(init);
        } catch (IOException e) {
            throw incomplete(output, "cannot read " + init.getFileName());
        }
        for (int i = 0; i + 8 < data.length; i++) {
            if (data[i] == 'a' && data[i + 1] == 'v' && data[i + 2] == 'c' && data[i + 3] == 'C') {
                // configurationVersion, then profile, constraint flags and level: the same three bytes as the SPS.
                return String.format(
                        Locale.ROOT, "avc1.%02x%02x%02x", data[i + 5] & 0xFF, data[i + 6] & 0xFF, data[i + 7] & 0xFF);
            }
        }
        throw incomplete(output, "no avcC box in " + init.getFileName());
    }

    /** Percent-encodes a playlist URI except for RFC 3986 unreserved characters. */
    static String uriEncode(String name) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }
}
