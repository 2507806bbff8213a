package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.mediaconvert.JobSpec.Audio;
import dev.vodflow.localaws.mediaconvert.JobSpec.Capture;
import dev.vodflow.localaws.mediaconvert.JobSpec.Group;
import dev.vodflow.localaws.mediaconvert.JobSpec.H264;
import dev.vodflow.localaws.mediaconvert.JobSpec.Output;
import dev.vodflow.localaws.mediaconvert.JobSpec.Picture;
import dev.vodflow.localaws.mediaconvert.JobSpec.Rotation;
import dev.vodflow.localaws.mediaconvert.JobSpec.Scaling;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * One FFmpeg command for a whole job: the input is decoded once, each distinct picture size is scaled once,
 * each distinct rendition is encoded once and handed by the tee muxer to every output that carries it (an
 * MP4 with the settings of an HLS rung reuses that rung's encode), audio is encoded once per distinct
 * setting, and keyframes are forced at the segment boundaries so that every rung cuts at the same instants.
 *
 * <p>FFmpeg runs in the job's folder and writes to short local names; the names MediaConvert would use are
 * applied when the files are uploaded, so user-chosen names never need escaping in FFmpeg's option syntax.
 */
final class TranscodePlan {

    enum Kind {
        HLS_VARIANT,
        /** One track of a CMAF group as fMP4 segments with its own media playlist. */
        CMAF_TRACK,
        MP4,
        CAPTURE
    }

    /** A resolved picture: exact output size, how to get there, optional output frame rate. */
    record PictureKey(int width, int height, Scaling scaling, Integer fpsNumerator, Integer fpsDenominator) {}

    record Encode(int index, PictureKey picture, H264 h264, Integer keyframeSeconds) {}

    /** One output as planned: what it carries and where FFmpeg writes it. */
    record PlannedOutput(
            Kind kind,
            Output spec,
            String localName,
            Encode video,
            Integer audioIndex,
            Audio audio,
            PictureKey capturePicture,
            Capture capture) {

        Integer width() {
            if (video != null) {
                return video.picture().width();
            }
            return capturePicture == null ? null : capturePicture.width();
        }

        Integer height() {
            if (video != null) {
                return video.picture().height();
            }
            return capturePicture == null ? null : capturePicture.height();
        }
    }

    record PlannedGroup(Group spec, List<PlannedOutput> outputs) {}

    private final List<PlannedGroup> groups;
    private final List<String> command;
    private final double frameRate;
    private final double firstVideoRate;

    private TranscodePlan(List<PlannedGroup> groups, List<String> command, double frameRate, double firstVideoRate) {
        this.groups = groups;
        this.command = command;
        this.frameRate = frameRate;
        this.firstVideoRate = firstVideoRate;
    }

    List<PlannedGroup> groups() {
        return groups;
    }

    List<String> command() {
        return command;
    }

    double frameRate() {
        return frameRate;
    }

    /**
     * Frames per second of the first encoded video stream, the one whose frames FFmpeg counts in its progress
     * report; 0 when the job encodes no video.
     */
    double firstVideoRate() {
        return firstVideoRate;
    }

    static TranscodePlan create(JobSpec spec, MediaInfo media, String ffmpeg) throws JobFailure {
        OutputPlanner planner = new OutputPlanner(media, spec.audioSelected(), displayedSource(spec.rotation(), media));
        Map<Integer, PlannedGroup> byIndex = new HashMap<>();
        for (int g : segmentedFirst(spec.groups())) {
            PlannedGroup planned = planner.group(g, spec.groups().get(g));
            if (planned != null) {
                byIndex.put(g, planned);
            }
        }
        List<PlannedGroup> groups = IntStream.range(0, spec.groups().size())
                .filter(byIndex::containsKey)
                .mapToObj(byIndex::get)
                .toList();
        if (groups.isEmpty()) {
            throw nothingToProduce(media, planner.hasVideo);
        }
        List<String> command = command(spec, media, ffmpeg, planner, groups);
        double frameRate = planner.hasVideo ? media.video().frameRate() : 0;
        return new TranscodePlan(groups, List.copyOf(command), frameRate, firstVideoRate(planner.encodes, frameRate));
    }

    private static double firstVideoRate(List<Encode> encodes, double sourceRate) {
        if (encodes.isEmpty()) {
            return 0;
        }
        PictureKey picture = encodes.get(0).picture();
        return picture.fpsNumerator() == null ? sourceRate : (double) picture.fpsNumerator() / picture.fpsDenominator();
    }

    /** The source picture's size as displayed: width and height swap when the job turns it a quarter turn. */
    private record SourceSize(int width, int height) {}

    private static SourceSize displayedSource(Rotation rotation, MediaInfo media) {
        if (!media.hasVideo()) {
            return new SourceSize(0, 0);
        }
        boolean swap =
                switch (rotation) {
                    case AUTO -> media.video().rotationClockwise() % 180 != 0;
                    case DEGREES_90, DEGREES_270 -> true;
                    default -> false;
                };
        return swap
                ? new SourceSize(media.video().height(), media.video().width())
                : new SourceSize(media.video().width(), media.video().height());
    }

    /** Segmented groups first, so that an MP4 with the same settings finds the rung's encode and reuses it. */
    private static List<Integer> segmentedFirst(List<Group> groups) {
        List<Integer> order = new ArrayList<>();
        for (boolean segmented : new boolean[] {true, false}) {
            for (int g = 0; g < groups.size(); g++) {
                if (groups.get(g).segmented() == segmented) {
                    order.add(g);
                }
            }
        }
        return order;
    }

    private static JobFailure nothingToProduce(MediaInfo media, boolean hasVideo) {
        return new JobFailure(
                JobFailure.INPUT_UNUSABLE,
                "The input has " + (hasVideo ? "video" : "no video") + " and "
                        + (media.hasAudio() ? "audio" : "no audio")
                        + ", so none of the job's outputs can be produced from it");
    }

    /** Plans the outputs group by group, collecting the distinct encodes and audio settings they share. */
    private static final class OutputPlanner {

        final boolean hasVideo;
        final boolean hasAudio;
        final SourceSize source;
        final List<Encode> encodes = new ArrayList<>();
        final List<Audio> audios = new ArrayList<>();
        final List<PlannedOutput> captures = new ArrayList<>();

        OutputPlanner(MediaInfo media, boolean audioSelected, SourceSize source) {
            this.hasVideo = media.hasVideo();
            this.hasAudio = media.hasAudio() && audioSelected;
            this.source = source;
        }

        /** The group's outputs that the input can feed, or null when there are none. */
        PlannedGroup group(int g, Group group) {
            List<PlannedOutput> outputs = new ArrayList<>();
            List<String> carried = new ArrayList<>();
            for (int o = 0; o < group.outputs().size(); o++) {
                Output output = group.outputs().get(o);
                String local = "g" + g + "o" + o;
                PlannedOutput planned =
                        output.isCapture() ? capture(output, local) : media(group, output, local, carried);
                if (planned != null) {
                    outputs.add(planned);
                }
            }
            return outputs.isEmpty() ? null : new PlannedGroup(group, List.copyOf(outputs));
        }

        private PlannedOutput capture(Output output, String local) {
            if (!hasVideo) {
                return null;
            }
            PictureKey picture = resolve(output.capture().picture(), source.width(), source.height());
            PlannedOutput planned =
                    new PlannedOutput(Kind.CAPTURE, output, local, null, null, null, picture, output.capture());
            captures.add(planned);
            return planned;
        }

        private PlannedOutput media(Group group, Output output, String local, List<String> carried) {
            Encode video = null;
            if (output.video() != null && hasVideo) {
                PictureKey picture = resolve(output.video().picture(), source.width(), source.height());
                Integer keyframes = group.segmented() ? group.segmentLength() : null;
                video = findOrAddEncode(encodes, picture, output.video().h264(), keyframes);
            }
            Audio audio = output.audio() != null && hasAudio ? output.audio() : null;
            if (video == null && audio == null) {
                return null;
            }
            // Without video, outputs that differed only in picture would be identical: keep one.
            String carries = (video == null ? "-" : String.valueOf(video.index())) + "/" + audio;
            if (carried.contains(carries)) {
                return null;
            }
            carried.add(carries);
            return new PlannedOutput(kind(output), output, local, video, audioIndex(audio), audio, null, null);
        }

        private Integer audioIndex(Audio audio) {
            if (audio == null) {
                return null;
            }
            if (!audios.contains(audio)) {
                audios.add(audio);
            }
            return audios.indexOf(audio);
        }

        private static Kind kind(Output output) {
            return switch (output.container()) {
                case M3U8 -> Kind.HLS_VARIANT;
                case CMFC -> Kind.CMAF_TRACK;
                default -> Kind.MP4;
            };
        }
    }

    private static Encode findOrAddEncode(List<Encode> encodes, PictureKey picture, H264 h264, Integer keyframes) {
        for (Encode encode : encodes) {
            if (encode.picture().equals(picture) && encode.h264().equals(h264)) {
                if (Objects.equals(encode.keyframeSeconds(), keyframes) || keyframes == null) {
                    return encode;
                }
            }
        }
        Encode encode = new Encode(encodes.size(), picture, h264, keyframes);
        encodes.add(encode);
        return encode;
    }

    /** Fills in a missing width or height from the source's displayed aspect ratio, as MediaConvert does. */
    static PictureKey resolve(Picture picture, int sourceWidth, int sourceHeight) {
        Integer width = picture.width();
        Integer height = picture.height();
        if (width == null && height == null) {
            width = even(sourceWidth);
            height = even(sourceHeight);
        } else if (width == null) {
            width = even(Math.round((float) height * sourceWidth / sourceHeight));
        } else if (height == null) {
            height = even(Math.round((float) width * sourceHeight / sourceWidth));
        }
        return new PictureKey(
                Math.max(2, width),
                Math.max(2, height),
                picture.scaling(),
                picture.framerateNumerator(),
                picture.framerateDenominator());
    }

    private static int even(int value) {
        return Math.max(2, value - (value % 2));
    }

    private static List<String> command(
            JobSpec spec, MediaInfo media, String ffmpeg, OutputPlanner planner, List<PlannedGroup> groups) {
        List<Encode> encodes = planner.encodes;
        List<Audio> audios = planner.audios;
        List<PlannedOutput> captures = planner.captures;
        List<String> args = inputOptions(spec, media, ffmpeg);
        StringBuilder graph = new StringBuilder();
        videoGraph(spec, planner.source, encodes, captures, graph);
        audioGraph(audios, graph);
        args.add("-filter_complex");
        args.add(graph.toString());
        List<String> slaves = teeOutputs(groups);
        if (!slaves.isEmpty()) {
            args.addAll(encoderOptions(encodes, audios, media));
            args.addAll(List.of("-f", "tee", String.join("|", slaves)));
        }
        for (int c = 0; c < captures.size(); c++) {
            args.addAll(captureOptions(c, captures.get(c)));
        }
        return args;
    }

    private static List<String> inputOptions(JobSpec spec, MediaInfo media, String ffmpeg) {
        List<String> args = new ArrayList<>(List.of(
                ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"));
        if (spec.rotation() != Rotation.AUTO) {
            args.add("-noautorotate");
        }
        args.addAll(List.of("-protocol_whitelist", "file", "-f", media.demuxer(), "-i", "input.bin"));
        return args;
    }

    /**
     * The distinct pictures as a filter graph: the source is decoded (and rotated) once and split into one
     * branch per picture scaled from the source; a picture with the aspect ratio of a larger one is scaled down
     * from that one (the 360p rung from the 720p picture, not from the 1080p source): same pixels, less work.
     * Encodes read {@code [vN]}, captures {@code [capN]}.
     */
    private static void videoGraph(
            JobSpec spec, SourceSize source, List<Encode> encodes, List<PlannedOutput> captures, StringBuilder graph) {
        List<PictureKey> pictures = encodes.stream()
                .map(Encode::picture)
                .distinct()
                .sorted(Comparator.comparingInt((PictureKey p) -> p.width() * p.height())
                        .reversed())
                .toList();
        Map<PictureKey, PictureKey> parents = cascadeParents(pictures);
        Map<PictureKey, List<String>> consumers = consumersOf(pictures, parents, encodes);
        List<PictureKey> captureOnly = new ArrayList<>();
        for (int c = 0; c < captures.size(); c++) {
            PictureKey picture = captures.get(c).capturePicture();
            if (consumers.containsKey(picture)) {
                consumers.get(picture).add("cap" + c + "in");
            } else {
                captureOnly.add(picture);
            }
        }
        int branches = pictures.size() - parents.size() + captureOnly.size();
        if (branches == 0) {
            return;
        }
        graph.append("[0:v:0]").append(rotateFilter(spec.rotation()));
        graph.append(branches == 1 ? "null" : "split=" + branches);
        for (int b = 0; b < branches; b++) {
            graph.append("[src").append(b).append(']');
        }
        int branch = 0;
        for (PictureKey picture : pictures) {
            if (parents.containsKey(picture)) {
                graph.append(";[pic").append(pictures.indexOf(picture)).append(']');
                graph.append("scale=").append(picture.width()).append(':').append(picture.height());
            } else {
                graph.append(";[src").append(branch++).append(']').append(scale(picture, source));
            }
            appendSplit(graph, consumers.get(picture));
        }
        for (int c = 0; c < captures.size(); c++) {
            PlannedOutput capture = captures.get(c);
            String select = select(capture.capture());
            if (consumers.containsKey(capture.capturePicture())) {
                graph.append(";[cap").append(c).append("in]").append(select);
            } else {
                // A picture only captures use: pick the frames first, then scale only those.
                graph.append(";[src")
                        .append(branch++)
                        .append(']')
                        .append(select)
                        .append(',');
                graph.append(scale(capture.capturePicture(), source));
            }
            graph.append(",format=yuvj420p[cap").append(c).append(']');
        }
    }

    /**
     * For each picture that can be scaled from a larger one already in the graph, the smallest such one: a chain
     * 1080p, 720p, 540p, 360p reads fewer source pixels per output pixel at every step than scaling all three from
     * 1080p, and each step is a downscale of at most 1.5:1, which the bicubic scaler does without visible loss.
     */
    private static Map<PictureKey, PictureKey> cascadeParents(List<PictureKey> largestFirst) {
        Map<PictureKey, PictureKey> parents = new LinkedHashMap<>();
        for (int i = 0; i < largestFirst.size(); i++) {
            PictureKey picture = largestFirst.get(i);
            for (int j = i - 1; j >= 0; j--) {
                PictureKey larger = largestFirst.get(j);
                if (cascades(larger, picture)) {
                    parents.put(picture, larger);
                    break;
                }
            }
        }
        return parents;
    }

    /** The labels each picture feeds: the smaller pictures scaled from it, then its encodes. */
    private static Map<PictureKey, List<String>> consumersOf(
            List<PictureKey> pictures, Map<PictureKey, PictureKey> parents, List<Encode> encodes) {
        Map<PictureKey, List<String>> consumers = new LinkedHashMap<>();
        for (PictureKey picture : pictures) {
            consumers.put(picture, new ArrayList<>());
        }
        for (PictureKey picture : pictures) {
            PictureKey parent = parents.get(picture);
            if (parent != null) {
                consumers.get(parent).add("pic" + pictures.indexOf(picture));
            }
        }
        for (Encode encode : encodes) {
            consumers.get(encode.picture()).add("v" + encode.index());
        }
        return consumers;
    }

    private static String rotateFilter(Rotation rotation) {
        return switch (rotation) {
            case DEGREES_90 -> "transpose=clock,";
            case DEGREES_180 -> "hflip,vflip,";
            case DEGREES_270 -> "transpose=cclock,";
            default -> "";
        };
    }

    private static void appendSplit(StringBuilder graph, List<String> labels) {
        graph.append(labels.size() == 1 ? ",null" : ",split=" + labels.size());
        for (String label : labels) {
            graph.append('[').append(label).append(']');
        }
    }

    /** The source's first audio track, split once per distinct audio setting into {@code [aN]}. */
    private static void audioGraph(List<Audio> audios, StringBuilder graph) {
        if (audios.isEmpty()) {
            return;
        }
        if (graph.length() > 0) {
            graph.append(';');
        }
        graph.append("[0:a:0]").append(audios.size() == 1 ? "anull" : "asplit=" + audios.size());
        for (int a = 0; a < audios.size(); a++) {
            graph.append("[asrc").append(a).append(']');
        }
        for (int a = 0; a < audios.size(); a++) {
            Audio audio = audios.get(a);
            graph.append(";[asrc").append(a).append(']');
            if (audio.targetLkfs() != null) {
                // One pass, dynamic mode: the whole file is not known in advance in a single FFmpeg run.
                // loudnorm accepts -70..-5 LUFS; a louder target is as loud as it goes.
                graph.append(String.format(
                        Locale.ROOT, "loudnorm=I=%.1f:TP=-1.5:LRA=11,", Math.min(-5.0, audio.targetLkfs())));
            }
            graph.append("aformat=sample_fmts=fltp:sample_rates=")
                    .append(audio.sampleRate())
                    .append(":channel_layouts=")
                    .append(channelLayout(audio.channels()))
                    .append("[a")
                    .append(a)
                    .append(']');
        }
    }

    private static String channelLayout(int channels) {
        return switch (channels) {
            case 1 -> "mono";
            case 6 -> "5.1";
            default -> "stereo";
        };
    }

    /** One tee slave per HLS variant or MP4: which encodes it carries and the muxer that writes it. */
    private static List<String> teeOutputs(List<PlannedGroup> groups) {
        List<String> slaves = new ArrayList<>();
        for (PlannedGroup group : groups) {
            for (PlannedOutput output : group.outputs()) {
                if (output.kind() == Kind.CAPTURE) {
                    continue;
                }
                List<String> select = new ArrayList<>();
                if (output.video() != null) {
                    select.add("v:" + output.video().index());
                }
                if (output.audioIndex() != null) {
                    select.add("a:" + output.audioIndex());
                }
                String options = "select=\\'" + String.join(",", select) + "\\'";
                String hls = ":f=hls:hls_time=" + group.spec().segmentLength()
                        + ":hls_playlist_type=vod:hls_flags=independent_segments:start_number=1";
                String local = output.localName();
                switch (output.kind()) {
                    case HLS_VARIANT ->
                        slaves.add(
                                "[" + options + hls + ":hls_segment_filename=" + local + "_%05d.ts]" + local + ".m3u8");
                    // The DASH manifest is written from these playlists afterwards: the same files serve both.
                    case CMAF_TRACK ->
                        slaves.add("[" + options + hls + ":hls_segment_type=fmp4:hls_fmp4_init_filename=" + local
                                + "_init.mp4:hls_segment_filename=" + local + "_%05d.m4s]" + local + ".m3u8");
                    default -> slaves.add("[" + options + ":f=mp4:movflags=+faststart]" + local + ".mp4");
                }
            }
        }
        return slaves;
    }

    private static List<String> encoderOptions(List<Encode> encodes, List<Audio> audios, MediaInfo media) {
        List<String> args = new ArrayList<>();
        for (Encode encode : encodes) {
            args.addAll(List.of("-map", "[v" + encode.index() + "]"));
        }
        for (int a = 0; a < audios.size(); a++) {
            args.addAll(List.of("-map", "[a" + a + "]"));
        }
        if (!encodes.isEmpty()) {
            args.addAll(List.of("-c:v", "libx264", "-flags:v", "+global_header"));
        }
        for (Encode encode : encodes) {
            args.addAll(videoOptions(encode, media));
        }
        if (!audios.isEmpty()) {
            args.addAll(List.of("-c:a", "aac", "-flags:a", "+global_header"));
        }
        for (int a = 0; a < audios.size(); a++) {
            args.addAll(List.of("-b:a:" + a, String.valueOf(audios.get(a).bitrate())));
        }
        return args;
    }

    private static List<String> captureOptions(int index, PlannedOutput capture) {
        return List.of(
                "-map",
                "[cap" + index + "]",
                "-c:v",
                "mjpeg",
                "-q:v",
                String.valueOf(jpegQscale(capture.capture().quality())),
                "-fps_mode",
                "vfr",
                "-frames:v",
                String.valueOf(capture.capture().maxCaptures()),
                "-start_number",
                "0",
                "-f",
                "image2",
                capture.localName() + ".%07d.jpg");
    }

    private static List<String> videoOptions(Encode encode, MediaInfo media) {
        String s = ":v:" + encode.index();
        H264 h264 = encode.h264();
        List<String> args = new ArrayList<>(List.of("-preset" + s, h264.preset(), "-profile" + s, h264.profile()));
        if (h264.level() != null) {
            args.addAll(List.of("-level" + s, h264.level()));
        }
        switch (h264.rateControl()) {
            case CBR -> {
                int buffer = h264.hrdBufferSize() != null && h264.hrdBufferSize() > 0
                        ? h264.hrdBufferSize()
                        : h264.bitrate() * 2;
                args.addAll(List.of(
                        "-b" + s, String.valueOf(h264.bitrate()),
                        "-minrate" + s, String.valueOf(h264.bitrate()),
                        "-maxrate" + s, String.valueOf(h264.bitrate()),
                        "-bufsize" + s, String.valueOf(buffer)));
            }
            case VBR -> {
                args.addAll(List.of("-b" + s, String.valueOf(h264.bitrate())));
                if (h264.maxBitrate() != null) {
                    int buffer = h264.hrdBufferSize() != null && h264.hrdBufferSize() > 0
                            ? h264.hrdBufferSize()
                            : h264.maxBitrate() * 2;
                    args.addAll(List.of(
                            "-maxrate" + s, String.valueOf(h264.maxBitrate()), "-bufsize" + s, String.valueOf(buffer)));
                }
            }
            case QVBR -> {
                int level = h264.qvbrQualityLevel() == null ? 7 : h264.qvbrQualityLevel();
                // QVBR 1..10 onto x264's constant rate factor: 7 (MediaConvert's usual) is CRF 23.
                int crf = 44 - 3 * level;
                args.addAll(List.of(
                        "-crf" + s,
                        String.valueOf(crf),
                        "-maxrate" + s,
                        String.valueOf(h264.maxBitrate()),
                        "-bufsize" + s,
                        String.valueOf(h264.maxBitrate() * 2)));
            }
        }
        double fps = encode.picture().fpsNumerator() != null
                ? (double) encode.picture().fpsNumerator() / encode.picture().fpsDenominator()
                : media.video().frameRate() > 0 ? media.video().frameRate() : 30;
        int gop;
        if (h264.gopSize() != null && h264.gopSize() > 0 && "FRAMES".equals(h264.gopSizeUnits())) {
            gop = (int) Math.round(h264.gopSize());
        } else if (h264.gopSize() != null && h264.gopSize() > 0 && "SECONDS".equals(h264.gopSizeUnits())) {
            gop = (int) Math.max(1, Math.round(h264.gopSize() * fps));
        } else if (encode.keyframeSeconds() != null) {
            gop = (int) Math.max(1, Math.round(encode.keyframeSeconds() * fps));
        } else {
            gop = (int) Math.max(1, Math.round(2 * fps));
        }
        args.addAll(List.of("-g" + s, String.valueOf(gop)));
        if (!h264.sceneChangeDetect()) {
            args.addAll(List.of("-sc_threshold" + s, "0"));
        }
        if (h264.bFrames() != null) {
            args.addAll(List.of("-bf" + s, String.valueOf(h264.bFrames())));
        }
        if (encode.keyframeSeconds() != null) {
            args.addAll(List.of("-force_key_frames" + s, "expr:gte(t,n_forced*" + encode.keyframeSeconds() + ")"));
        }
        return args;
    }

    /** Whether {@code smaller} can be scaled from {@code larger} instead of from the source. */
    private static boolean cascades(PictureKey larger, PictureKey smaller) {
        return !larger.equals(smaller)
                && (long) larger.width() * smaller.height() == (long) larger.height() * smaller.width()
                && larger.width() >= smaller.width()
                && larger.height() >= smaller.height()
                && Objects.equals(larger.fpsNumerator(), smaller.fpsNumerator())
                && Objects.equals(larger.fpsDenominator(), smaller.fpsDenominator())
                && larger.scaling() == smaller.scaling()
                && smaller.scaling() != Scaling.FIT_NO_UPSCALE;
    }

    /**
     * The filters from the decoded source to {@code picture}. At the source's own size every scaling mode is the
     * identity, and the scaler passes the frame through untouched (or only converts its pixel format), but pad
     * would still copy every decoded frame (the decoder keeps a reference, so pad cannot write in place): the
     * 1080p rung of a 1080p source would cost a full-frame copy per frame that the same pixels never need.
     */
    private static String scale(PictureKey picture, SourceSize source) {
        int w = picture.width();
        int h = picture.height();
        String fps = picture.fpsNumerator() == null
                ? ""
                : "fps=" + picture.fpsNumerator() + "/" + picture.fpsDenominator() + ",";
        if (w == source.width() && h == source.height()) {
            return fps + "scale=" + w + ":" + h + ",setsar=1,format=yuv420p";
        }
        String pad = ",pad=" + w + ":" + h + ":(ow-iw)/2:(oh-ih)/2";
        String scale =
                switch (picture.scaling()) {
                    case STRETCH_TO_OUTPUT -> "scale=" + w + ":" + h;
                    case FILL -> "scale=" + w + ":" + h + ":force_original_aspect_ratio=increase,crop=" + w + ":" + h;
                    case FIT_NO_UPSCALE ->
                        "scale=w='min(" + w + ",iw)':h='min(" + h
                                + ",ih)':force_original_aspect_ratio=decrease:force_divisible_by=2" + pad;
                    default ->
                        "scale=" + w + ":" + h + ":force_original_aspect_ratio=decrease:force_divisible_by=2" + pad;
                };
        return fps + scale + ",setsar=1,format=yuv420p";
    }

    /** The first frame, then the first frame at or after each interval (MediaConvert captures from 0 s). */
    private static String select(Capture capture) {
        String interval = String.format(Locale.ROOT, "%.6f", capture.intervalSeconds() - 0.0005);
        return "select='isnan(prev_selected_t)+gte(t-prev_selected_t\\," + interval + ")'";
    }

    /** JPEG quality 1..100 onto the MJPEG quantiser scale 31..2. */
    static int jpegQscale(int quality) {
        return (int) Math.round(2 + (100 - quality) * 29.0 / 99.0);
    }
}
