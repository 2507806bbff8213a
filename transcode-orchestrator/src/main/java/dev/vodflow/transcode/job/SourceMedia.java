package dev.vodflow.transcode.job;

/**
 * What ffprobe found in a source. Width and height are as stored; the display size applies the rotation, so
 * a phone video stored 1920x1080 with rotation 90 displays 1080x1920.
 */
record SourceMedia(int width, int height, int rotation, boolean hasVideo, boolean hasAudio, long durationMs) {

    public SourceMedia {
        rotation = Math.floorMod(rotation, 360);
    }

    public static SourceMedia audioOnly(long durationMs) {
        return new SourceMedia(0, 0, 0, false, true, durationMs);
    }

    public static SourceMedia video(int width, int height, boolean hasAudio, long durationMs) {
        return new SourceMedia(width, height, 0, true, hasAudio, durationMs);
    }

    boolean quarterTurned() {
        return rotation == 90 || rotation == 270;
    }

    public int displayWidth() {
        return quarterTurned() ? height : width;
    }

    public int displayHeight() {
        return quarterTurned() ? width : height;
    }
}
