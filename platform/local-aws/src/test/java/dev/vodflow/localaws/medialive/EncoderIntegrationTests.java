package dev.vodflow.localaws.medialive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.localaws.Niceness;
import dev.vodflow.localaws.mediaconvert.FfmpegBuilds;
import dev.vodflow.localaws.mediaconvert.SampleClips;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One pipeline process fed a publisher's FLV tags, with each FFmpeg the emulator may run (the PATH's and the bundled
 * build, whose segment muxers count cut times differently): from the first boundary of the epoch grid after the
 * first frame, every boundary starts a segment, so the packager can publish segment N from the start, under the same
 * number in both pipelines.
 */
class EncoderIntegrationTests {

    private static final long SEGMENT_MS = 1000;
    private static final long TOLERANCE_MS = 100;
    /** An epoch millisecond on the grid: every process of a broadcast counts its timestamps from one such. */
    private static final long BASE = 1_800_000_000_000L;

    private static final ChannelPlan PLAN = new ChannelPlan(
            List.of(new ChannelPlan.S3Location("vodflow-media", "live-a/channel/master")),
            Duration.ofMillis(SEGMENT_MS),
            6,
            List.of(new ChannelPlan.Rung("_180p", 320, 180, 250_000)),
            64_000,
            null);

    @TempDir
    static Path sources;

    private static List<Tag> withVideo;
    private static List<Tag> audioOnly;

    @BeforeAll
    static void publishers() throws IOException {
        List<String> publisher = new ArrayList<>(SampleClips.liveSource(6));
        publisher.addAll(List.of("-f", "flv"));
        withVideo = tags(SampleClips.make(sources.resolve("video.flv"), publisher.toArray(String[]::new)));
        audioOnly = tags(SampleClips.make(
                sources.resolve("audio.flv"),
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100:duration=6",
                "-c:a",
                "aac",
                "-f",
                "flv"));
    }

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        FfmpegBuilds.ffmpegs().forEach((build, ffmpeg) -> {
            for (boolean video : List.of(true, false)) {
                // a broadcast's first process (base a segment before the boundary before the first frame) and a
                // pipeline restarted half a minute in; both start 600 ms past a boundary
                for (long start : List.of(1_600L, 30_600L)) {
                    runs.add(Arguments.of(build, ffmpeg, video, start));
                }
            }
        });
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} ffmpeg, video {2}, first frame {3} ms after the base")
    @MethodSource("runs")
    void everyBoundaryAfterTheFirstFrameStartsASegment(
            String build, Path ffmpeg, boolean video, long start, @TempDir Path folder) throws Exception {
        List<Tag> tags = video ? withVideo : audioOnly;
        Encoder.MediaKinds kinds = new Encoder.MediaKinds(true, video);
        long first = BASE + start;
        Encoder encoder = Encoder.start(ffmpeg, Niceness.LIVE, PLAN, kinds, folder, BASE, first);
        for (Tag tag : tags) {
            encoder.tag(tag.type, first + tag.timestamp, tag.payload);
        }
        assertThat(encoder.finish(Duration.ofSeconds(60))).as("ffmpeg ended").isTrue();
        // an option one of the FFmpegs has deprecated is one its next release may refuse
        assertThat(Files.readString(folder.resolve("ffmpeg.log")))
                .as("%s ffmpeg's warnings", build)
                .doesNotContainIgnoringCase("deprecated");

        List<Long> starts = segmentStarts(folder.resolve(Encoder.csv(0)));
        long firstBoundary = first - Math.floorMod(first, SEGMENT_MS) + SEGMENT_MS;
        List<Long> fromThere =
                starts.stream().filter(s -> s >= firstBoundary - TOLERANCE_MS).toList();
        // the last segment ends with the stream, not on a boundary: every start but its own is a cut on the grid
        assertThat(fromThere).as("segment starts (epoch ms) %s", starts).hasSizeGreaterThanOrEqualTo(4);
        for (int i = 0; i < fromThere.size(); i++) {
            long boundary = firstBoundary + i * SEGMENT_MS;
            assertThat(fromThere.get(i))
                    .as("segment %d of %s should start on boundary %d", i, starts, boundary)
                    .isBetween(boundary - TOLERANCE_MS, boundary + TOLERANCE_MS);
        }
    }

    /** The start of every segment but the first (which FFmpeg lists as starting at 0), in epoch milliseconds. */
    private static List<Long> segmentStarts(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Long> starts = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            starts.add(BASE + Math.round(Double.parseDouble(line.split(",")[1]) * 1000));
        }
        return starts;
    }

    private record Tag(int type, long timestamp, byte[] payload) {}

    /** The audio and video tags of an FLV file, as a publisher sends them over RTMP. */
    private static List<Tag> tags(Path flv) throws IOException {
        List<Tag> tags = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(flv))) {
            in.skipNBytes(9 + 4);
            while (true) {
                int type;
                try {
                    type = in.readUnsignedByte();
                } catch (EOFException end) {
                    return tags;
                }
                int size = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                long timestamp = ((long) in.readUnsignedByte() << 16) | in.readUnsignedShort();
                timestamp |= (long) in.readUnsignedByte() << 24;
                in.skipNBytes(3);
                byte[] payload = in.readNBytes(size);
                in.skipNBytes(4);
                if (type == RtmpConnection.AUDIO || type == RtmpConnection.VIDEO) {
                    tags.add(new Tag(type, timestamp, payload));
                }
            }
        }
    }
}
