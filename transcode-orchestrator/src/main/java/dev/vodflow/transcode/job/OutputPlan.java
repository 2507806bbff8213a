package dev.vodflow.transcode.job;

import java.util.List;

/**
 * The outputs one source gets: the ladder's rungs (none for audio-only: then one AAC rendition), the MP4 and the
 * captures (both absent for audio-only).
 */
record OutputPlan(List<Picture> ladder, Picture mp4, Capture thumbnails, boolean audio, boolean rotate) {

    OutputPlan {
        ladder = List.copyOf(ladder);
    }

    boolean audioOnly() {
        return ladder.isEmpty();
    }

    /** One encode: exact output size (even, aspect kept) and peak bitrate. */
    record Picture(int width, int height, int maxBitrate) {

        /** MediaConvert name modifier: the short side, as people name renditions ("_720p"). */
        String nameModifier() {
            return "_" + Math.min(width, height) + "p";
        }
    }

    record Capture(int width, int height, long intervalMs, int maxCaptures, int quality) {}
}
