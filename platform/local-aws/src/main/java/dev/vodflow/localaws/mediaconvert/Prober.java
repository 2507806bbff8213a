package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.mediaconvert.MediaInfo.AudioStream;
import dev.vodflow.localaws.mediaconvert.MediaInfo.VideoStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Probes an input before any transcoding: with {@link MovieHeader} where that reads the file, else with ffprobe. Only container formats on a list are opened and only
 * the {@code file} protocol is allowed, so a playlist or concat script disguised as a video cannot make
 * FFmpeg read other files or reach the network.
 */
final class Prober {

    /** Demuxers of real media containers; deliberately no hls, concat, image2 or other indirecting formats. */
    static final String DEMUXERS = "mov,matroska,mpegts,avi,flv,mxf,wav,mp3,aac,ogg,asf,mpeg,flac,w64,ivf";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final FfmpegBinaries binaries;
    private final JsonMapper json;

    Prober(FfmpegBinaries binaries, JsonMapper json) {
        this.binaries = binaries;
        this.json = json;
    }

    MediaInfo probe(Path file, String inputUri) throws JobFailure {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new JobFailure(JobFailure.INPUT_UNREADABLE, "Unable to open input file [" + inputUri + "]: " + e);
        }
        if (size == 0) {
            throw unreadable(inputUri, "the file is empty (0 bytes)");
        }
        // A plain MP4 or QuickTime file is read in Java, the same figures without ffprobe's start-up.
        MediaInfo header = MovieHeader.read(file);
        return header != null ? header : ffprobe(file, inputUri);
    }

    /** What ffprobe reports, whatever the container. */
    MediaInfo ffprobe(Path file, String inputUri) throws JobFailure {
        ProcessRun.Result result = ProcessRun.run(
                List.of(
                        binaries.ffprobe().toString(),
                        "-v",
                        "error",
                        "-format_whitelist",
                        DEMUXERS,
                        "-protocol_whitelist",
                        "file",
                        "-print_format",
                        "json",
                        "-show_format",
                        "-show_streams",
                        file.toString()),
                TIMEOUT);
        if (result.timedOut()) {
            throw unreadable(inputUri, "probing took longer than " + TIMEOUT.toSeconds() + " s");
        }
        if (result.exitCode() != 0) {
            throw unreadable(inputUri, "No parser found for container: " + lastLine(result.stderr()));
        }
        return parse(json.readTree(result.stdout()), inputUri);
    }

    static MediaInfo parse(JsonNode probe, String inputUri) throws JobFailure {
        JsonNode format = probe.path("format");
        String formatName = format.path("format_name").asString("");
        if (formatName.isEmpty()) {
            throw unreadable(inputUri, "No parser found for container");
        }
        String demuxer = formatName.split(",")[0];
        VideoStream video = null;
        AudioStream audio = null;
        double streamDuration = 0;
        for (JsonNode stream : probe.path("streams")) {
            String type = stream.path("codec_type").asString("");
            boolean attachedPicture =
                    stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (type.equals("video")
                    && video == null
                    && !attachedPicture
                    && stream.path("width").asInt(0) > 0) {
                video = new VideoStream(
                        stream.path("index").asInt(),
                        stream.path("codec_name").asString("unknown"),
                        stream.path("codec_tag_string").asString(""),
                        stream.path("width").asInt(),
                        stream.path("height").asInt(),
                        rotation(stream),
                        frameRate(stream),
                        stream.path("bits_per_raw_sample").asInt(8),
                        stream.path("pix_fmt").asString("yuv420p"));
                streamDuration =
                        Math.max(streamDuration, stream.path("duration").asDouble(0));
            } else if (type.equals("audio")
                    && audio == null
                    && stream.path("channels").asInt(0) > 0) {
                audio = new AudioStream(
                        stream.path("index").asInt(),
                        stream.path("codec_name").asString("unknown"),
                        stream.path("channels").asInt(),
                        stream.path("sample_rate").asInt(0),
                        stream.path("tags").path("language").asString("und"));
                streamDuration =
                        Math.max(streamDuration, stream.path("duration").asDouble(0));
            }
        }
        double duration = format.path("duration").asDouble(0);
        if (duration <= 0) {
            duration = streamDuration;
        }
        if (video == null && audio == null) {
            throw new JobFailure(
                    JobFailure.INPUT_UNUSABLE,
                    "Input file [" + inputUri + "] has no video or audio stream that can be decoded");
        }
        return new MediaInfo(demuxer, duration, video, audio);
    }

    private static int rotation(JsonNode stream) {
        // Display-matrix rotation is counter-clockwise; the legacy "rotate" tag is clockwise.
        for (JsonNode sideData : stream.path("side_data_list")) {
            if (sideData.has("rotation")) {
                return Math.floorMod(
                        -Math.round((float) sideData.path("rotation").asDouble()), 360);
            }
        }
        return Math.floorMod(stream.path("tags").path("rotate").asInt(0), 360);
    }

    private static double frameRate(JsonNode stream) {
        double rate = ratio(stream.path("avg_frame_rate").asString("0/0"));
        return rate > 0 && rate < 1000
                ? rate
                : ratio(stream.path("r_frame_rate").asString("0/0"));
    }

    static double ratio(String value) {
        String[] parts = value.split("/");
        try {
            double numerator = Double.parseDouble(parts[0]);
            double denominator = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
            return denominator == 0 ? 0 : numerator / denominator;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** MediaConvert's wording for error 1010. */
    static JobFailure unreadable(String inputUri, String reason) {
        return new JobFailure(
                JobFailure.INPUT_UNREADABLE,
                "Unable to open input file [" + inputUri + "]: [Failed probe/open: [" + reason + "]]");
    }

    static String lastLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.lastIndexOf('\n');
        String line = newline < 0 ? trimmed : trimmed.substring(newline + 1);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    static String codecName(String ffmpegName) {
        return switch (ffmpegName) {
            case "h264" -> "H_264";
            case "hevc" -> "H_265";
            case "mpeg2video" -> "MPEG2";
            case "prores" -> "PRORES";
            case "vp8" -> "VP8";
            case "vp9" -> "VP9";
            case "av1" -> "AV1";
            case "aac" -> "AAC";
            case "mp3" -> "MP3";
            case "ac3" -> "AC3";
            case "eac3" -> "EAC3";
            case "opus" -> "OPUS";
            case "vorbis" -> "VORBIS";
            case "flac" -> "FLAC";
            default -> ffmpegName.startsWith("pcm_") ? "PCM" : ffmpegName.toUpperCase(Locale.ROOT);
        };
    }
}
