package dev.vodflow.localaws.mediaconvert;

import java.util.List;

/** The part of a job's settings the emulator acts on, validated. */
record JobSpec(S3Uri input, Rotation rotation, boolean audioSelected, List<Group> groups) {

    enum Rotation {
        DEGREE_0,
        DEGREES_90,
        DEGREES_180,
        DEGREES_270,
        AUTO
    }

    enum GroupType {
        HLS_GROUP,
        /** fMP4 segments, one track per output, announced by an HLS and/or a DASH manifest. */
        CMAF_GROUP,
        FILE_GROUP
    }

    enum Container {
        M3U8,
        CMFC,
        MP4,
        RAW
    }

    enum Scaling {
        DEFAULT,
        STRETCH_TO_OUTPUT,
        FIT,
        FIT_NO_UPSCALE,
        FILL
    }

    enum RateControl {
        CBR,
        VBR,
        QVBR
    }

    /** A destination split the way MediaConvert names files: folder prefix + base name. */
    record Destination(String bucket, String prefix, String baseName) {

        String key(String fileName) {
            return prefix + fileName;
        }

        String uri(String fileName) {
            return "s3://" + bucket + "/" + prefix + fileName;
        }
    }

    /** A group; the manifest flags only matter for CMAF (an HLS group always writes its playlists). */
    record Group(
            GroupType type,
            Destination destination,
            int segmentLength,
            int minSegmentLength,
            List<Output> outputs,
            boolean hlsManifest,
            boolean dashManifest) {

        /** Groups of segmented outputs whose rungs must cut at the same instants. */
        boolean segmented() {
            return type != GroupType.FILE_GROUP;
        }
    }

    record Output(
            String nameModifier,
            String extension,
            Container container,
            Video video,
            Audio audio,
            Capture capture,
            HlsRole hls) {

        boolean isCapture() {
            return capture != null;
        }
    }

    /**
     * How an HLS group's output takes part in audio rendition groups ({@code outputSettings.hlsSettings}): an audio-only
     * output is a rendition of group {@code audioGroupId} unless it is an audio-only variant; a video output plays
     * with the group named in {@code audioRenditionSets}. MediaConvert's default name for both is
     * {@code program_audio}.
     */
    record HlsRole(String audioGroupId, String audioRenditionSets, boolean audioOnlyVariant) {

        static final String DEFAULT_GROUP = "program_audio";
        static final HlsRole DEFAULT = new HlsRole(DEFAULT_GROUP, DEFAULT_GROUP, false);
    }

    /** Picture settings shared by encodes and captures; width/height null means "follow the source". */
    record Picture(
            Integer width, Integer height, Scaling scaling, Integer framerateNumerator, Integer framerateDenominator) {}

    record Video(Picture picture, H264 h264) {}

    record H264(
            RateControl rateControl,
            Integer bitrate,
            Integer maxBitrate,
            Integer qvbrQualityLevel,
            Integer hrdBufferSize,
            Double gopSize,
            String gopSizeUnits,
            String profile,
            String level,
            String preset,
            boolean sceneChangeDetect,
            Integer bFrames) {}

    /** AAC settings; {@code targetLkfs} is the ITU BS.1770 loudness to normalise to, or null to leave it. */
    record Audio(int bitrate, int sampleRate, int channels, Double targetLkfs) {}

    record Capture(Picture picture, int framerateNumerator, int framerateDenominator, int maxCaptures, int quality) {

        double intervalSeconds() {
            return (double) framerateDenominator / framerateNumerator;
        }
    }

    /** An {@code s3://bucket/key} location. */
    record S3Uri(String bucket, String key) {

        static S3Uri parse(String uri) {
            if (uri == null || !uri.startsWith("s3://")) {
                return null;
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return null;
            }
            return new S3Uri(rest.substring(0, slash), rest.substring(slash + 1));
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }
}
