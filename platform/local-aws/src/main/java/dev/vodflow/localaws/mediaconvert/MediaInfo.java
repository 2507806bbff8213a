package dev.vodflow.localaws.mediaconvert;

/** What ffprobe found in an input: the demuxer to force, the duration and the first video and audio streams. */
record MediaInfo(String demuxer, double durationSeconds, VideoStream video, AudioStream audio) {

    record VideoStream(
            int index,
            String codec,
            String fourCc,
            int width,
            int height,
            int rotationClockwise,
            double frameRate,
            int bitDepth,
            String pixelFormat) {

        /** Width as displayed once the rotation metadata is applied. */
        int displayWidth() {
            return rotationClockwise % 180 == 0 ? width : height;
        }

        int displayHeight() {
            return rotationClockwise % 180 == 0 ? height : width;
        }
    }

    record AudioStream(int index, String codec, int channels, int sampleRate, String language) {}

    boolean hasVideo() {
        return video != null;
    }

    boolean hasAudio() {
        return audio != null;
    }
}
