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
        FILE_GROUP
    }

    enum Container {
        M3U8,
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

    record Group(
            GroupType type, Destination destination, int segmentLength, int minSegmentLength, List<Output> outputs) {}

    record Output(
            String nameModifier, String extension, Container container, Video video, Audio audio, Capture capture) {

        boolean isCapture() {
            return capture != null;
        }
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

    record Audio(int bitrate, int sampleRate, int channels) {}

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
