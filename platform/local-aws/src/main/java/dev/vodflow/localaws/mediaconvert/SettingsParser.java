package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.mediaconvert.JobSpec.Audio;
import dev.vodflow.localaws.mediaconvert.JobSpec.Capture;
import dev.vodflow.localaws.mediaconvert.JobSpec.Container;
import dev.vodflow.localaws.mediaconvert.JobSpec.Destination;
import dev.vodflow.localaws.mediaconvert.JobSpec.Group;
import dev.vodflow.localaws.mediaconvert.JobSpec.GroupType;
import dev.vodflow.localaws.mediaconvert.JobSpec.H264;
import dev.vodflow.localaws.mediaconvert.JobSpec.HlsRole;
import dev.vodflow.localaws.mediaconvert.JobSpec.Output;
import dev.vodflow.localaws.mediaconvert.JobSpec.Picture;
import dev.vodflow.localaws.mediaconvert.JobSpec.RateControl;
import dev.vodflow.localaws.mediaconvert.JobSpec.Rotation;
import dev.vodflow.localaws.mediaconvert.JobSpec.S3Uri;
import dev.vodflow.localaws.mediaconvert.JobSpec.Scaling;
import dev.vodflow.localaws.mediaconvert.JobSpec.Video;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code settings} of a CreateJob request into a {@link JobSpec}. Settings the emulator does not
 * implement are refused with a {@code BadRequestException} naming the field, rather than ignored, so that a
 * job template that works here does what it says on AWS too.
 */
final class SettingsParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-$]*");
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
    private static final String DEFAULT_AUDIO_SELECTOR = "Audio Selector 1";

    private SettingsParser() {}

    static JobSpec parse(JsonNode settingsJson) {
        Fields settings = Fields.root(settingsJson, "/settings")
                .allowOnly("inputs", "outputGroups", "timecodeConfig", "adAvailOffset", "followSource");
        Fields timecode = settings.object("timecodeConfig");
        if (timecode != null) {
            timecode.allowOnly("source", "start", "anchor");
        }
        List<Fields> inputs = settings.objects("inputs", true);
        if (inputs.size() != 1) {
            throw settings.invalid("inputs", "exactly one input is supported, got " + inputs.size());
        }
        Fields input = inputs.get(0)
                .allowOnly(
                        "fileInput",
                        "audioSelectors",
                        "videoSelector",
                        "timecodeSource",
                        "filterEnable",
                        "deblockFilter",
                        "denoiseFilter",
                        "psiControl");
        String fileInput = input.requiredString("fileInput");
        S3Uri inputUri = S3Uri.parse(fileInput);
        if (inputUri == null || inputUri.key().isEmpty() || inputUri.key().endsWith("/")) {
            throw input.invalid("fileInput", "must be an s3://bucket/key URL of a file, was '" + fileInput + "'");
        }
        Set<String> audioSelectors = new HashSet<>();
        Fields selectors = input.object("audioSelectors");
        for (Fields selector : input.mapValues("audioSelectors")) {
            selector.allowOnly("defaultSelection", "offset", "programSelection", "selectorType", "tracks");
            selector.oneOf("defaultSelection", "DEFAULT", "DEFAULT", "NOT_DEFAULT");
            selector.oneOf("selectorType", "TRACK", "TRACK");
            selector.integer("offset", 0, 0);
            selector.integer("programSelection", 0, 8);
        }
        if (selectors != null) {
            audioSelectors.addAll(selectors.names());
        }
        Rotation rotation = Rotation.DEGREE_0;
        Fields videoSelector = input.object("videoSelector");
        if (videoSelector != null) {
            videoSelector.allowOnly("rotate", "colorSpace");
            videoSelector.oneOf("colorSpace", "FOLLOW", "FOLLOW");
            rotation = Rotation.valueOf(videoSelector.oneOf(
                    "rotate", "DEGREE_0", "DEGREE_0", "DEGREES_90", "DEGREES_180", "DEGREES_270", "AUTO"));
        }
        String inputBaseName = baseNameOf(inputUri.key());

        List<Fields> groupFields = settings.objects("outputGroups", true);
        if (groupFields.isEmpty()) {
            throw settings.invalid("outputGroups", "at least one output group is required");
        }
        List<Group> groups = new ArrayList<>();
        for (Fields group : groupFields) {
            groups.add(group(group, inputBaseName, audioSelectors));
        }
        return new JobSpec(inputUri, rotation, !audioSelectors.isEmpty(), List.copyOf(groups));
    }

    /** How a group is segmented and which manifests it writes. */
    private record Segmenting(
            Destination destination, int segmentLength, int minSegmentLength, boolean hls, boolean dash) {}

    private static Group group(Fields group, String inputBaseName, Set<String> audioSelectors) {
        group.allowOnly("name", "customName", "outputGroupSettings", "outputs");
        Fields groupSettings = group.requiredObject("outputGroupSettings");
        groupSettings.allowOnly("type", "hlsGroupSettings", "cmafGroupSettings", "fileGroupSettings");
        String type =
                groupSettings.oneOf("type", null, "HLS_GROUP_SETTINGS", "CMAF_GROUP_SETTINGS", "FILE_GROUP_SETTINGS");
        if (type == null) {
            throw groupSettings.invalid("type", "is required");
        }
        GroupType groupType;
        Segmenting segmenting;
        switch (type) {
            case "HLS_GROUP_SETTINGS" -> {
                groupType = GroupType.HLS_GROUP;
                segmenting = hlsGroup(groupSettings.requiredObject("hlsGroupSettings"), inputBaseName);
            }
            case "CMAF_GROUP_SETTINGS" -> {
                groupType = GroupType.CMAF_GROUP;
                segmenting = cmafGroup(groupSettings.requiredObject("cmafGroupSettings"), inputBaseName);
            }
            default -> {
                groupType = GroupType.FILE_GROUP;
                Fields file = groupSettings.requiredObject("fileGroupSettings");
                file.allowOnly("destination");
                segmenting = new Segmenting(destination(file, inputBaseName), 0, 0, false, false);
            }
        }
        List<Fields> outputFields = group.objects("outputs", true);
        if (outputFields.isEmpty()) {
            throw group.invalid("outputs", "at least one output is required");
        }
        List<Output> outputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Fields output : outputFields) {
            Output parsed = output(output, groupType, audioSelectors);
            if (outputFields.size() > 1 && parsed.nameModifier().isEmpty()) {
                throw output.invalid("nameModifier", "is required when an output group has more than one output");
            }
            String fileName = parsed.nameModifier() + "." + parsed.extension();
            if (!names.add(fileName)) {
                throw output.invalid("nameModifier", "'" + parsed.nameModifier() + "' is used twice in this group");
            }
            outputs.add(parsed);
        }
        return new Group(
                groupType,
                segmenting.destination(),
                segmenting.segmentLength(),
                segmenting.minSegmentLength(),
                List.copyOf(outputs),
                segmenting.hls(),
                segmenting.dash());
    }

    private static Segmenting hlsGroup(Fields hls, String inputBaseName) {
        hls.allowOnly(
                "destination",
                "segmentLength",
                "minSegmentLength",
                "segmentControl",
                "segmentLengthControl",
                "manifestDurationFormat",
                "directoryStructure",
                "outputSelection",
                "codecSpecification",
                "streamInfResolution",
                "programDateTime",
                "clientCache",
                "manifestCompression",
                "captionLanguageSetting");
        Destination destination = destination(hls, inputBaseName);
        Integer length = hls.integer("segmentLength", 1, 3600);
        Integer min = hls.integer("minSegmentLength", 0, 3600);
        hls.oneOf("segmentControl", "SEGMENTED_FILES", "SEGMENTED_FILES");
        hls.oneOf("segmentLengthControl", "EXACT", "EXACT", "GOP_MULTIPLE");
        hls.oneOf("manifestDurationFormat", "FLOATING_POINT", "FLOATING_POINT");
        hls.oneOf("directoryStructure", "SINGLE_DIRECTORY", "SINGLE_DIRECTORY");
        hls.oneOf("outputSelection", "MANIFESTS_AND_SEGMENTS", "MANIFESTS_AND_SEGMENTS");
        hls.oneOf("codecSpecification", "RFC_4281", "RFC_4281", "RFC_6381");
        hls.oneOf("streamInfResolution", "INCLUDE", "INCLUDE");
        hls.oneOf("programDateTime", "EXCLUDE", "EXCLUDE");
        hls.oneOf("clientCache", "ENABLED", "ENABLED", "DISABLED");
        hls.oneOf("manifestCompression", "NONE", "NONE");
        hls.oneOf("captionLanguageSetting", "OMIT", "OMIT", "NONE");
        return new Segmenting(destination, length == null ? 10 : length, min == null ? 0 : min, true, false);
    }

    /**
     * CMAF: segmented fMP4 files only (a single file with byte ranges is not emulated), one fragment per
     * segment, and at least one of the two manifests.
     */
    private static Segmenting cmafGroup(Fields cmaf, String inputBaseName) {
        cmaf.allowOnly(
                "destination",
                "segmentLength",
                "fragmentLength",
                "minFinalSegmentLength",
                "segmentControl",
                "segmentLengthControl",
                "writeHlsManifest",
                "writeDashManifest",
                "mpdProfile",
                "manifestDurationFormat",
                "codecSpecification",
                "streamInfResolution",
                "clientCache",
                "manifestCompression",
                "writeSegmentTimelineInRepresentation",
                "minBufferTime");
        Destination destination = destination(cmaf, inputBaseName);
        Integer length = cmaf.integer("segmentLength", 1, 2_147_483_647);
        int segmentLength = length == null ? 10 : length;
        Integer fragment = cmaf.integer("fragmentLength", 1, 2_147_483_647);
        if (fragment != null && fragment != segmentLength) {
            throw cmaf.invalid(
                    "fragmentLength", "must equal segmentLength (" + segmentLength + "): one fragment per segment");
        }
        cmaf.number("minFinalSegmentLength", 0, 2_147_483_647);
        cmaf.integer("minBufferTime", 0, 2_147_483_647);
        cmaf.oneOf("segmentControl", "SEGMENTED_FILES", "SEGMENTED_FILES");
        cmaf.oneOf("segmentLengthControl", "EXACT", "EXACT", "GOP_MULTIPLE");
        cmaf.oneOf("mpdProfile", "MAIN_PROFILE", "MAIN_PROFILE");
        cmaf.oneOf("manifestDurationFormat", "FLOATING_POINT", "FLOATING_POINT", "INTEGER");
        cmaf.oneOf("codecSpecification", "RFC_6381", "RFC_6381", "RFC_4281");
        cmaf.oneOf("streamInfResolution", "INCLUDE", "INCLUDE");
        cmaf.oneOf("clientCache", "ENABLED", "ENABLED", "DISABLED");
        cmaf.oneOf("manifestCompression", "NONE", "NONE");
        cmaf.oneOf("writeSegmentTimelineInRepresentation", "ENABLED", "ENABLED", "DISABLED");
        boolean hls = "ENABLED".equals(cmaf.oneOf("writeHlsManifest", "ENABLED", "ENABLED", "DISABLED"));
        boolean dash = "ENABLED".equals(cmaf.oneOf("writeDashManifest", "ENABLED", "ENABLED", "DISABLED"));
        if (!hls && !dash) {
            throw cmaf.invalid("writeHlsManifest", "a CMAF group needs an HLS or a DASH manifest (or both)");
        }
        return new Segmenting(destination, segmentLength, 0, hls, dash);
    }

    private static Destination destination(Fields settings, String inputBaseName) {
        String value = settings.requiredString("destination");
        S3Uri uri = S3Uri.parse(value);
        if (uri == null || !BUCKET.matcher(uri.bucket()).matches()) {
            throw settings.invalid("destination", "must be an s3://bucket/prefix/ URL, was '" + value + "'");
        }
        String key = uri.key();
        int slash = key.lastIndexOf('/');
        String prefix = key.substring(0, slash + 1);
        String base = key.substring(slash + 1);
        // MediaConvert names outputs after the input file when the destination ends with a slash.
        return new Destination(uri.bucket(), prefix, base.isEmpty() ? inputBaseName : base);
    }

    private static Output output(Fields output, GroupType groupType, Set<String> audioSelectors) {
        output.allowOnly(
                "nameModifier",
                "extension",
                "containerSettings",
                "videoDescription",
                "audioDescriptions",
                "outputSettings");
        String nameModifier = nameModifier(output);
        HlsRole hls = hlsRole(output);
        Container container = container(output, groupType);
        Visual visual = visual(output.object("videoDescription"), container);
        Audio audio = outputAudio(output, audioSelectors);
        requireCoherent(output, container, visual, audio);
        return new Output(
                nameModifier, extension(output, container), container, visual.video(), audio, visual.capture(), hls);
    }

    private static String nameModifier(Fields output) {
        String nameModifier = output.string("nameModifier");
        nameModifier = nameModifier == null ? "" : nameModifier;
        if (!NAME.matcher(nameModifier).matches()) {
            throw output.invalid("nameModifier", "may only contain letters, digits, '-', '_', '.' and '$'");
        }
        return nameModifier;
    }

    /** What an output's video description asks for: an H.264 encode, frames captured as JPEG, or neither. */
    private record Visual(Video video, Capture capture) {
        static final Visual NONE = new Visual(null, null);
    }

    private static Visual visual(Fields videoDescription, Container container) {
        if (videoDescription == null) {
            return Visual.NONE;
        }
        videoDescription.allowOnly(
                "width",
                "height",
                "scalingBehavior",
                "codecSettings",
                "sharpness",
                "antiAlias",
                "afdSignaling",
                "colorMetadata",
                "dropFrameTimecode",
                "respondToAfd",
                "timecodeInsertion");
        videoDescription.integer("sharpness", 0, 100);
        videoDescription.oneOf("antiAlias", "ENABLED", "ENABLED", "DISABLED");
        videoDescription.oneOf("afdSignaling", "NONE", "NONE");
        videoDescription.oneOf("colorMetadata", "INSERT", "INSERT", "IGNORE");
        videoDescription.oneOf("dropFrameTimecode", "ENABLED", "ENABLED", "DISABLED");
        videoDescription.oneOf("respondToAfd", "NONE", "NONE");
        videoDescription.oneOf("timecodeInsertion", "DISABLED", "DISABLED");
        Integer width = evenDimension(videoDescription, "width");
        Integer height = evenDimension(videoDescription, "height");
        Scaling scaling = Scaling.valueOf(videoDescription.oneOf(
                "scalingBehavior", "DEFAULT", "DEFAULT", "STRETCH_TO_OUTPUT", "FIT", "FIT_NO_UPSCALE", "FILL"));
        Fields codecSettings = videoDescription.requiredObject("codecSettings");
        codecSettings.allowOnly("codec", "h264Settings", "frameCaptureSettings");
        String codec = codecSettings.oneOf("codec", null, "H_264", "FRAME_CAPTURE");
        if (codec == null) {
            throw codecSettings.invalid("codec", "is required");
        }
        if (codec.equals("H_264")) {
            if (container == Container.RAW) {
                throw codecSettings.invalid("codec", "H_264 needs an MP4 container in a file group");
            }
            return new Visual(h264(codecSettings.requiredObject("h264Settings"), width, height, scaling), null);
        }
        if (container != Container.RAW) {
            throw codecSettings.invalid("codec", "FRAME_CAPTURE needs a RAW container in a file group");
        }
        Picture picture = new Picture(width, height, scaling, null, null);
        return new Visual(null, frameCapture(codecSettings.requiredObject("frameCaptureSettings"), picture));
    }

    private static Capture frameCapture(Fields frameCapture, Picture picture) {
        frameCapture.allowOnly("framerateNumerator", "framerateDenominator", "maxCaptures", "quality");
        Integer numerator = frameCapture.integer("framerateNumerator", 1, Integer.MAX_VALUE);
        Integer denominator = frameCapture.integer("framerateDenominator", 1, Integer.MAX_VALUE);
        Integer maxCaptures = frameCapture.integer("maxCaptures", 1, 10_000_000);
        Integer quality = frameCapture.integer("quality", 1, 100);
        return new Capture(
                picture,
                numerator == null ? 1 : numerator,
                denominator == null ? 1 : denominator,
                maxCaptures == null ? 10_000_000 : maxCaptures,
                quality == null ? 80 : quality);
    }

    private static Audio outputAudio(Fields output, Set<String> audioSelectors) {
        List<Fields> audioDescriptions = output.objects("audioDescriptions", false);
        if (audioDescriptions.size() > 1) {
            throw output.invalid("audioDescriptions", "at most one audio description per output is supported");
        }
        return audioDescriptions.isEmpty() ? null : audio(audioDescriptions.get(0), audioSelectors);
    }

    /** The combinations of container, video, capture and audio that the emulator can write. */
    private static void requireCoherent(Fields output, Container container, Visual visual, Audio audio) {
        if (container == Container.RAW && audio != null) {
            throw output.invalid("audioDescriptions", "a frame capture output cannot carry audio");
        }
        if (container == Container.RAW && visual.capture() == null) {
            throw output.invalid("videoDescription", "a RAW output needs FRAME_CAPTURE codec settings");
        }
        if (visual.video() == null && audio == null && visual.capture() == null) {
            throw output.invalid("videoDescription", "an output needs a video or an audio description");
        }
        if (container == Container.CMFC && visual.video() != null && audio != null) {
            throw output.invalid(
                    "audioDescriptions",
                    "a CMAF output carries one track: put the audio in an output of its own in this group");
        }
    }

    private static String extension(Fields output, Container container) {
        String extension = output.string("extension");
        if (extension == null) {
            return switch (container) {
                case M3U8, CMFC -> "m3u8";
                case MP4 -> "mp4";
                case RAW -> "jpg";
            };
        }
        if (!NAME.matcher(extension).matches() || extension.isEmpty()) {
            throw output.invalid("extension", "may only contain letters, digits, '-', '_' and '.'");
        }
        return extension;
    }

    /**
     * An HLS output's part in audio rendition groups. Audio-only outputs are written as MPEG-TS segments whichever
     * container is asked for (MediaConvert's AUTOMATIC would write packed audio); both are read by every HLS player.
     */
    private static HlsRole hlsRole(Fields output) {
        Fields outputSettings = output.object("outputSettings");
        if (outputSettings == null) {
            return HlsRole.DEFAULT;
        }
        outputSettings.allowOnly("hlsSettings");
        Fields hlsSettings = outputSettings.object("hlsSettings");
        if (hlsSettings == null) {
            return HlsRole.DEFAULT;
        }
        hlsSettings.allowOnly(
                "iFrameOnlyManifest", "audioTrackType", "audioOnlyContainer", "audioGroupId", "audioRenditionSets");
        hlsSettings.oneOf("iFrameOnlyManifest", "EXCLUDE", "EXCLUDE");
        String trackType = hlsSettings.oneOf(
                "audioTrackType",
                "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT",
                "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT",
                "AUDIO_ONLY_VARIANT_STREAM");
        hlsSettings.oneOf("audioOnlyContainer", "AUTOMATIC", "AUTOMATIC", "M2TS");
        String group = hlsSettings.string("audioGroupId");
        String sets = hlsSettings.string("audioRenditionSets");
        for (String name : new String[] {"audioGroupId", "audioRenditionSets"}) {
            String value = hlsSettings.string(name);
            if (value != null && !GROUP_ID.matcher(value).matches()) {
                throw hlsSettings.invalid(
                        name, "the emulator takes one group name of letters, digits, '-' and '_', was '" + value + "'");
            }
        }
        return new HlsRole(
                group == null ? HlsRole.DEFAULT_GROUP : group,
                sets == null ? HlsRole.DEFAULT_GROUP : sets,
                "AUDIO_ONLY_VARIANT_STREAM".equals(trackType));
    }

    private static Container container(Fields output, GroupType groupType) {
        Fields containerSettings = output.object("containerSettings");
        String container = null;
        if (containerSettings != null) {
            containerSettings.allowOnly("container", "m3u8Settings", "cmfcSettings", "mp4Settings");
            container = containerSettings.oneOf("container", null, "M3U8", "CMFC", "MP4", "RAW");
            Fields cmfc = containerSettings.object("cmfcSettings");
            if (cmfc != null) {
                // Every audio output of the group is one rendition group that every video output plays with.
                cmfc.allowOnly("audioGroupId", "audioTrackType", "audioDuration", "iFrameOnlyManifest");
                cmfc.oneOf(
                        "audioTrackType", "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT", "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT");
                cmfc.oneOf("audioDuration", "DEFAULT_CODEC_DURATION", "DEFAULT_CODEC_DURATION", "MATCH_VIDEO_DURATION");
                cmfc.oneOf("iFrameOnlyManifest", "EXCLUDE", "EXCLUDE");
            }
            Fields m3u8 = containerSettings.object("m3u8Settings");
            if (m3u8 != null) {
                // PIDs and PES packing: the muxer's defaults are fine and nothing downstream depends on them.
                m3u8.allowOnly(
                        "audioFramesPerPes",
                        "audioPids",
                        "pcrControl",
                        "pcrPid",
                        "pmtPid",
                        "pmtInterval",
                        "patInterval",
                        "privateMetadataPid",
                        "programNumber",
                        "scte35Source",
                        "scte35Pid",
                        "timedMetadata",
                        "timedMetadataPid",
                        "transportStreamId",
                        "videoPid",
                        "audioDuration",
                        "maxPcrInterval",
                        "nielsenId3",
                        "dataPTSControl");
            }
            Fields mp4 = containerSettings.object("mp4Settings");
            if (mp4 != null) {
                mp4.allowOnly(
                        "moovPlacement", "cslgAtom", "freeSpaceBox", "mp4MajorBrand", "audioDuration", "cttsVersion");
                mp4.oneOf("moovPlacement", "PROGRESSIVE_DOWNLOAD", "PROGRESSIVE_DOWNLOAD");
            }
        }
        if (groupType == GroupType.CMAF_GROUP) {
            if (container != null && !container.equals("CMFC")) {
                throw containerSettings.invalid("container", "a CMAF group output must use the CMFC container");
            }
            return Container.CMFC;
        }
        if (groupType == GroupType.HLS_GROUP) {
            if (container != null && !container.equals("M3U8")) {
                throw containerSettings.invalid("container", "an HLS group output must use the M3U8 container");
            }
            return Container.M3U8;
        }
        if (container == null) {
            throw output.invalid("containerSettings", "a file group output needs containerSettings.container");
        }
        if (container.equals("M3U8") || container.equals("CMFC")) {
            throw containerSettings.invalid(
                    "container",
                    container + " belongs in an " + (container.equals("M3U8") ? "HLS" : "CMAF") + " group");
        }
        return Container.valueOf(container);
    }

    private static Integer evenDimension(Fields description, String key) {
        Integer value = description.integer(key, 32, 8192);
        if (value != null && value % 2 != 0) {
            throw description.invalid(key, "must be an even number for 4:2:0 video, was " + value);
        }
        return value;
    }

    /** The H.264 settings the emulator reads; the others are checked to be values it behaves the same under. */
    private static final String[] H264_SETTINGS = {
        "rateControlMode",
        "bitrate",
        "maxBitrate",
        "qvbrSettings",
        "hrdBufferSize",
        "hrdBufferInitialFillPercentage",
        "hrdBufferFinalFillPercentage",
        "gopSize",
        "gopSizeUnits",
        "gopClosedCadence",
        "gopBReference",
        "minIInterval",
        "codecProfile",
        "codecLevel",
        "qualityTuningLevel",
        "sceneChangeDetect",
        "numberBFramesBetweenReferenceFrames",
        "numberReferenceFrames",
        "framerateControl",
        "framerateNumerator",
        "framerateDenominator",
        "framerateConversionAlgorithm",
        "parControl",
        "interlaceMode",
        "adaptiveQuantization",
        "spatialAdaptiveQuantization",
        "temporalAdaptiveQuantization",
        "flickerAdaptiveQuantization",
        "entropyEncoding",
        "syntax",
        "slices",
        "slowPal",
        "softness",
        "telecine",
        "unregisteredSeiTimecode",
        "dynamicSubGop",
        "repeatPps",
        "fieldEncoding",
        "endOfStreamMarkers",
        "writeMp4PackagingType"
    };

    private record RateSettings(RateControl mode, Integer bitrate, Integer maxBitrate, Integer qvbrLevel) {}

    private record Gop(Double size, String units) {}

    /** Both null when the output follows the source's frame rate. */
    private record Framerate(Integer numerator, Integer denominator) {}

    private static Video h264(Fields h264, Integer width, Integer height, Scaling scaling) {
        h264.allowOnly(H264_SETTINGS);
        RateSettings rate = rateSettings(h264);
        Integer hrdBufferSize = h264.integer("hrdBufferSize", 0, 1_152_000_000);
        Gop gop = gop(h264);
        String profile = h264.oneOf("codecProfile", "MAIN", "BASELINE", "MAIN", "HIGH");
        String level = codecLevel(h264);
        String preset = preset(h264);
        boolean sceneChange = !"DISABLED"
                .equals(h264.oneOf("sceneChangeDetect", "ENABLED", "ENABLED", "DISABLED", "TRANSITION_DETECTION"));
        Integer bFrames = h264.integer("numberBFramesBetweenReferenceFrames", 0, 7);
        checkSettingsWithoutEffect(h264);
        Framerate framerate = framerate(h264);
        return new Video(
                new Picture(width, height, scaling, framerate.numerator(), framerate.denominator()),
                new H264(
                        rate.mode(),
                        rate.bitrate(),
                        rate.maxBitrate(),
                        rate.qvbrLevel(),
                        hrdBufferSize,
                        gop.size(),
                        gop.units(),
                        profile.toLowerCase(java.util.Locale.ROOT),
                        level,
                        preset,
                        sceneChange,
                        bFrames));
    }

    /** The rate control mode and the bitrates it needs: CBR/VBR take a bitrate, QVBR a ceiling and a quality. */
    private static RateSettings rateSettings(Fields h264) {
        RateControl rateControl = RateControl.valueOf(h264.oneOf("rateControlMode", "CBR", "CBR", "VBR", "QVBR"));
        Integer bitrate = h264.integer("bitrate", 1000, 1_152_000_000);
        Integer maxBitrate = h264.integer("maxBitrate", 1000, 1_152_000_000);
        Integer qvbrLevel = null;
        Fields qvbr = h264.object("qvbrSettings");
        if (qvbr != null) {
            if (rateControl != RateControl.QVBR) {
                throw h264.invalid("qvbrSettings", "only applies when rateControlMode is QVBR");
            }
            qvbr.allowOnly("qvbrQualityLevel", "qvbrQualityLevelFineTune", "maxAverageBitrate");
            qvbrLevel = qvbr.integer("qvbrQualityLevel", 1, 10);
            qvbr.number("qvbrQualityLevelFineTune", 0, 1);
            qvbr.integer("maxAverageBitrate", 1000, 1_152_000_000);
        }
        switch (rateControl) {
            case CBR, VBR -> {
                if (bitrate == null) {
                    throw h264.invalid("bitrate", "is required when rateControlMode is " + rateControl);
                }
                if (maxBitrate != null && rateControl == RateControl.CBR) {
                    throw h264.invalid("maxBitrate", "does not apply when rateControlMode is CBR");
                }
                if (maxBitrate != null && maxBitrate < bitrate) {
                    throw h264.invalid("maxBitrate", "must not be lower than bitrate (" + bitrate + ")");
                }
            }
            case QVBR -> {
                if (maxBitrate == null) {
                    throw h264.invalid("maxBitrate", "is required when rateControlMode is QVBR");
                }
                if (bitrate != null) {
                    throw h264.invalid("bitrate", "does not apply when rateControlMode is QVBR; use maxBitrate");
                }
            }
        }
        return new RateSettings(rateControl, bitrate, maxBitrate, qvbrLevel);
    }

    private static Gop gop(Fields h264) {
        String units = h264.oneOf("gopSizeUnits", "AUTO", "FRAMES", "SECONDS", "AUTO");
        Double size = h264.number("gopSize", 0, 100_000);
        if (size != null && size > 0 && units.equals("AUTO")) {
            throw h264.invalid("gopSizeUnits", "must be FRAMES or SECONDS when gopSize is set");
        }
        if (units.equals("FRAMES") && size != null && size != Math.rint(size)) {
            throw h264.invalid("gopSize", "must be a whole number of frames when gopSizeUnits is FRAMES");
        }
        return new Gop(size, units);
    }

    /** x264's level name ("4.1"), or null for AUTO. */
    private static String codecLevel(Fields h264) {
        String level = h264.oneOf(
                "codecLevel",
                "AUTO",
                "AUTO",
                "LEVEL_1",
                "LEVEL_1_1",
                "LEVEL_1_2",
                "LEVEL_1_3",
                "LEVEL_2",
                "LEVEL_2_1",
                "LEVEL_2_2",
                "LEVEL_3",
                "LEVEL_3_1",
                "LEVEL_3_2",
                "LEVEL_4",
                "LEVEL_4_1",
                "LEVEL_4_2",
                "LEVEL_5",
                "LEVEL_5_1",
                "LEVEL_5_2");
        return level.equals("AUTO") ? null : level.substring("LEVEL_".length()).replace('_', '.');
    }

    /** MediaConvert's quality tuning onto x264 presets of similar effort. */
    private static String preset(Fields h264) {
        String tuning =
                h264.oneOf("qualityTuningLevel", "SINGLE_PASS", "SINGLE_PASS", "SINGLE_PASS_HQ", "MULTI_PASS_HQ");
        return switch (tuning) {
            case "SINGLE_PASS_HQ" -> "medium";
            case "MULTI_PASS_HQ" -> "slow";
            default -> "veryfast";
        };
    }

    /** Settings accepted only at values that change nothing the emulator would have to reproduce. */
    private static void checkSettingsWithoutEffect(Fields h264) {
        h264.integer("numberReferenceFrames", 1, 6);
        h264.integer("gopClosedCadence", 0, Integer.MAX_VALUE);
        h264.integer("minIInterval", 0, 30);
        h264.integer("slices", 1, 32);
        h264.integer("softness", 0, 128);
        h264.oneOf("interlaceMode", "PROGRESSIVE", "PROGRESSIVE");
        h264.oneOf("telecine", "NONE", "NONE");
        h264.oneOf("slowPal", "DISABLED", "DISABLED");
        h264.oneOf("syntax", "DEFAULT", "DEFAULT");
        h264.oneOf("fieldEncoding", "PAFF", "PAFF");
        h264.oneOf("parControl", "INITIALIZE_FROM_SOURCE", "INITIALIZE_FROM_SOURCE");
        h264.oneOf("framerateConversionAlgorithm", "DUPLICATE_DROP", "DUPLICATE_DROP");
        h264.oneOf("writeMp4PackagingType", "AVC1", "AVC1");
    }

    private static Framerate framerate(Fields h264) {
        String framerateControl =
                h264.oneOf("framerateControl", "INITIALIZE_FROM_SOURCE", "INITIALIZE_FROM_SOURCE", "SPECIFIED");
        Integer numerator = h264.integer("framerateNumerator", 1, Integer.MAX_VALUE);
        Integer denominator = h264.integer("framerateDenominator", 1, Integer.MAX_VALUE);
        if (!framerateControl.equals("SPECIFIED")) {
            return new Framerate(null, null);
        }
        if (numerator == null || denominator == null) {
            throw h264.invalid(
                    "framerateNumerator", "framerateNumerator and framerateDenominator are required when SPECIFIED");
        }
        return new Framerate(numerator, denominator);
    }

    private static Audio audio(Fields description, Set<String> audioSelectors) {
        description.allowOnly(
                "audioSourceName",
                "codecSettings",
                "audioTypeControl",
                "languageCodeControl",
                "languageCode",
                "audioType",
                "streamName",
                "audioNormalizationSettings");
        String source = description.string("audioSourceName");
        source = source == null ? DEFAULT_AUDIO_SELECTOR : source;
        if (!audioSelectors.contains(source)) {
            throw description.invalid(
                    "audioSourceName", "refers to audio selector '" + source + "' which the input does not define");
        }
        Fields codecSettings = description.requiredObject("codecSettings");
        codecSettings.allowOnly("codec", "aacSettings");
        if (codecSettings.oneOf("codec", null, "AAC") == null) {
            throw codecSettings.invalid("codec", "is required");
        }
        Fields aac = codecSettings.requiredObject("aacSettings");
        aac.allowOnly(
                "bitrate",
                "sampleRate",
                "codingMode",
                "codecProfile",
                "rateControlMode",
                "rawFormat",
                "specification",
                "audioDescriptionBroadcasterMix");
        aac.oneOf("codecProfile", "LC", "LC");
        aac.oneOf("rateControlMode", "CBR", "CBR");
        aac.oneOf("rawFormat", "NONE", "NONE");
        aac.oneOf("specification", "MPEG4", "MPEG4", "MPEG2");
        aac.oneOf("audioDescriptionBroadcasterMix", "NORMAL", "NORMAL");
        Integer bitrate = aac.integer("bitrate", 6000, 1_024_000);
        Integer sampleRate = aac.integer("sampleRate", 8000, 96000);
        if (sampleRate != null
                && !Set.of(8000, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000)
                        .contains(sampleRate)) {
            throw aac.invalid("sampleRate", "is not an AAC sample rate: " + sampleRate);
        }
        String codingMode =
                aac.oneOf("codingMode", "CODING_MODE_2_0", "CODING_MODE_1_0", "CODING_MODE_2_0", "CODING_MODE_5_1");
        int channels =
                switch (codingMode) {
                    case "CODING_MODE_1_0" -> 1;
                    case "CODING_MODE_5_1" -> 6;
                    default -> 2;
                };
        return new Audio(
                bitrate == null ? 96_000 : bitrate,
                sampleRate == null ? 48_000 : sampleRate,
                channels,
                loudnessTarget(description.object("audioNormalizationSettings")));
    }

    /**
     * The loudness to correct to, or null. FFmpeg's loudnorm measures by EBU R128, which is ITU BS.1770 gated
     * loudness, so every BS.1770 revision maps onto it; measuring without correcting changes nothing audible.
     */
    private static Double loudnessTarget(Fields normalization) {
        if (normalization == null) {
            return null;
        }
        normalization.allowOnly(
                "algorithm",
                "algorithmControl",
                "targetLkfs",
                "truePeakLimiterThreshold",
                "correctionGateLevel",
                "loudnessLogging",
                "peakCalculation");
        normalization.oneOf(
                "algorithm", "ITU_BS_1770_2", "ITU_BS_1770_1", "ITU_BS_1770_2", "ITU_BS_1770_3", "ITU_BS_1770_4");
        String control = normalization.oneOf("algorithmControl", "CORRECT_AUDIO", "CORRECT_AUDIO", "MEASURE_ONLY");
        Double target = normalization.number("targetLkfs", -59, 0);
        normalization.number("truePeakLimiterThreshold", -8, 0);
        normalization.integer("correctionGateLevel", -70, 0);
        normalization.oneOf("loudnessLogging", "DONT_LOG", "DONT_LOG");
        normalization.oneOf("peakCalculation", "NONE", "NONE", "TRUE_PEAK");
        if (control.equals("MEASURE_ONLY")) {
            return null;
        }
        // MediaConvert's default target is the ATSC A/85 -24 LKFS.
        return target == null ? -24.0 : target;
    }

    static String baseNameOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
