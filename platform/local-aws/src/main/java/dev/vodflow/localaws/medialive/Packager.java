package dev.vodflow.localaws.medialive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One pipeline's output in S3: takes the segments its FFmpeg processes cut, names each by its epoch-locked media
 * sequence number ({@code master_360p_29012345.ts}), and writes the playlists itself, so that segment N has the
 * same name, sequence number, duration and {@code EXT-X-PROGRAM-DATE-TIME} in every pipeline.
 *
 * <p>Every segment is stored before a playlist lists it, and a playlist is one PUT. A playlist lists the newest run of
 * consecutive segments; after a restart the pipeline writes no playlist until its new run fills the window (the
 * old, stale one stays, and the edge serves the other pipeline meanwhile), so a player that comes back to this
 * pipeline finds every segment it still needs.
 */
final class Packager {

    private static final long ALIGNMENT_TOLERANCE_MS = 100;
    private static final DateTimeFormatter PDT = DateTimeFormatter.ISO_INSTANT;

    /** One segment as the pipeline publishes it. */
    record Segment(long sequence, long boundary) {}

    /** One FFmpeg process whose output is still being read. */
    private static final class Process {
        final Path folder;
        final long base;
        final long first;
        final int[] consumed;

        Process(Path folder, long base, long first, int rungs) {
            this.folder = folder;
            this.base = base;
            this.first = first;
            this.consumed = new int[rungs];
        }
    }

    private final S3Client s3;
    private final ChannelPlan.S3Location destination;
    private final ChannelPlan plan;
    private final Timeline timeline;
    private final List<String> rungs;
    private final Encoder.MediaKinds kinds;
    private final List<Process> processes = new ArrayList<>();
    private final List<NavigableMap<Long, Segment>> published = new ArrayList<>();
    private final Set<Integer> rungsWithPlaylist = new HashSet<>();
    private boolean masterWritten;

    Packager(
            S3Client s3,
            ChannelPlan.S3Location destination,
            ChannelPlan plan,
            Timeline timeline,
            Encoder.MediaKinds kinds) {
        this.s3 = s3;
        this.destination = destination;
        this.plan = plan;
        this.timeline = timeline;
        this.kinds = kinds;
        this.rungs = Encoder.rungNames(plan, kinds);
        for (int i = 0; i < rungs.size(); i++) {
            published.add(new TreeMap<>());
        }
    }

    synchronized void follow(Encoder encoder) {
        processes.add(new Process(encoder.folder(), encoder.base(), encoder.first(), rungs.size()));
    }

    /**
     * One pass: stores the segments that became whole, then rewrites the playlists that changed.
     *
     * @param ended the broadcast is over and no process of this pipeline will write again
     */
    synchronized void sync(boolean ended) {
        for (int rung = 0; rung < rungs.size(); rung++) {
            boolean changed = false;
            for (Process process : processes) {
                changed |= storeNewSegments(process, rung);
            }
            if (changed || ended) {
                writePlaylist(rung, ended);
            }
        }
        if (!masterWritten && rungsWithPlaylist.size() == rungs.size()) {
            put(destination.baseName() + ".m3u8", master(), "application/vnd.apple.mpegurl");
            masterWritten = true;
        }
    }

    /** Reads the rung's segment list and stores each segment that the next one proves whole. */
    private boolean storeNewSegments(Process process, int rung) {
        List<String[]> entries = entries(process.folder.resolve(Encoder.csv(rung)));
        if (entries.isEmpty()) {
            return false;
        }
        boolean changed = false;
        // entry 0 starts wherever the process started; entry k is whole once entry k + 1 starts a boundary later
        for (int k = Math.max(1, process.consumed[rung]); k + 1 < entries.size(); k++) {
            long start = process.base + Math.round(Double.parseDouble(entries.get(k)[1]) * 1000);
            long next = process.base + Math.round(Double.parseDouble(entries.get(k + 1)[1]) * 1000);
            long boundary = nearestBoundary(start);
            Path file = process.folder.resolve(entries.get(k)[0]);
            OptionalLong sequence = timeline.sequence(boundary);
            // an audio-only process pads its stream back to the boundary before its first frame: not whole
            boolean whole = boundary >= process.first
                    && Math.abs(start - boundary) <= ALIGNMENT_TOLERANCE_MS
                    && nearestBoundary(next) == boundary + plan.segmentMillis()
                    && Math.abs(next - nearestBoundary(next)) <= ALIGNMENT_TOLERANCE_MS;
            if (whole && sequence.isPresent() && !published.get(rung).containsKey(sequence.getAsLong())) {
                put(segmentName(rung, sequence.getAsLong()), read(file), "video/mp2t");
                published.get(rung).put(sequence.getAsLong(), new Segment(sequence.getAsLong(), boundary));
                changed = true;
            }
            delete(file);
            process.consumed[rung] = k + 1;
        }
        return changed;
    }

    private long nearestBoundary(long epochMillis) {
        return timeline.boundaryAtOrBefore(epochMillis + plan.segmentMillis() / 2);
    }

    private void writePlaylist(int rung, boolean ended) {
        NavigableMap<Long, Segment> segments = published.get(rung);
        if (segments.isEmpty()) {
            return;
        }
        // the newest run of consecutive sequence numbers
        long newest = segments.lastKey();
        long runStart = newest;
        while (segments.containsKey(runStart - 1)) {
            runStart--;
        }
        long runLength = newest - runStart + 1;
        boolean fromTheStart = timeline.firstSequence().orElse(Long.MIN_VALUE) == runStart;
        if (runLength < plan.windowSegments() && !fromTheStart) {
            return;
        }
        long first = Math.max(runStart, newest - plan.windowSegments() + 1);
        long seconds = plan.segmentLength().toSeconds();
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n")
                .append("#EXT-X-TARGETDURATION:")
                .append(seconds)
                .append('\n')
                .append("#EXT-X-MEDIA-SEQUENCE:")
                .append(first)
                .append('\n')
                .append("#EXT-X-DISCONTINUITY-SEQUENCE:")
                .append(timeline.discontinuitiesThrough(first))
                .append('\n')
                .append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Segment segment : segments.subMap(first, true, newest, true).values()) {
            if (segment.sequence() != first && timeline.startsPeriodAfterReconnect(segment.sequence())) {
                text.append("#EXT-X-DISCONTINUITY\n");
            }
            text.append("#EXT-X-PROGRAM-DATE-TIME:")
                    .append(PDT.format(Instant.ofEpochMilli(segment.boundary()).truncatedTo(ChronoUnit.MILLIS)))
                    .append('\n')
                    .append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", plan.segmentMillis() / 1000.0))
                    .append(segmentName(rung, segment.sequence()))
                    .append('\n');
        }
        if (ended) {
            text.append("#EXT-X-ENDLIST\n");
        }
        put(playlistName(rung), text.toString().getBytes(StandardCharsets.UTF_8), "application/vnd.apple.mpegurl");
        rungsWithPlaylist.add(rung);
    }

    private byte[] master() {
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (int rung = 0; rung < rungs.size(); rung++) {
            int bandwidth = (kinds.audio() ? plan.audioBitrate() : 0)
                    + (kinds.video() ? plan.ladder().get(rung).bitrate() : 0);
            text.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth * 11 / 10);
            if (kinds.video()) {
                ChannelPlan.Rung size = plan.ladder().get(rung);
                if (size.width() > 0 && size.height() > 0) {
                    text.append(",RESOLUTION=").append(size.width()).append('x').append(size.height());
                }
            }
            List<String> codecs = new ArrayList<>();
            if (kinds.video()) {
                codecs.add("avc1.4d4028");
            }
            if (kinds.audio()) {
                codecs.add("mp4a.40.2");
            }
            text.append(",CODECS=\"").append(String.join(",", codecs)).append("\"\n");
            text.append(playlistName(rung)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    String playlistName(int rung) {
        return destination.baseName() + rungs.get(rung) + ".m3u8";
    }

    String segmentName(int rung, long sequence) {
        return destination.baseName() + rungs.get(rung) + "_" + sequence + ".ts";
    }

    private void put(String name, byte[] bytes, String contentType) {
        s3.putObject(
                request -> request.bucket(destination.bucket())
                        .key(destination.folder() + name)
                        .contentType(contentType),
                RequestBody.fromBytes(bytes));
    }

    /** The complete lines of a segment list: FFmpeg appends one as each segment closes. */
    private static List<String[]> entries(Path csv) {
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String[]> entries = new ArrayList<>();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return entries;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] fields = line.trim().split(",");
            if (fields.length >= 3) {
                entries.add(fields);
            }
        }
        return entries;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover in the work folder, removed with it
        }
    }
}
