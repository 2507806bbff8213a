package dev.vodflow.localaws.mediaconvert;

import java.util.Locale;

/**
 * A variant of an HLS multivariant playlist ({@code EXT-X-STREAM-INF} and its URI), the same for an MPEG-TS
 * variant and a CMAF track: bandwidth and codecs count the audio rendition the variant plays with, when it has one,
 * as MediaConvert writes them.
 */
final class StreamInf {

    /**
     * What a variant line says of one track, measured over its segments.
     *
     * @param width and {@code height}: null for a track without pictures
     * @param frameRate 0 when unknown or without pictures
     */
    record Track(
            String playlistName,
            long peakBitrate,
            long averageBitrate,
            String codecs,
            Integer width,
            Integer height,
            double frameRate) {

        static Track of(
                String playlistName,
                OutputCollector.Segmented segments,
                String codecs,
                TranscodePlan.PlannedOutput output,
                double frameRate) {
            boolean pictures = output.video() != null;
            return new Track(
                    playlistName,
                    segments.peakBitrate(),
                    segments.averageBitrate(),
                    codecs,
                    pictures ? output.width() : null,
                    pictures ? output.height() : null,
                    frameRate);
        }
    }

    private StreamInf() {}

    /** Appends the variant; {@code audio} and {@code audioGroup} are both null for a variant with its own sound. */
    static void append(StringBuilder master, Track variant, Track audio, String audioGroup) {
        if ((audio == null) != (audioGroup == null)) {
            throw new IllegalArgumentException("an audio rendition and its group go together");
        }
        long peak = variant.peakBitrate();
        long average = variant.averageBitrate();
        String codecs = variant.codecs();
        if (audio != null) {
            peak += audio.peakBitrate();
            average += audio.averageBitrate();
            codecs += "," + audio.codecs();
        }
        master.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peak);
        master.append(",AVERAGE-BANDWIDTH=").append(average);
        master.append(",CODECS=\"").append(codecs).append('"');
        if (variant.width() != null && variant.height() != null) {
            master.append(",RESOLUTION=").append(variant.width()).append('x').append(variant.height());
            if (variant.frameRate() > 0) {
                master.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", variant.frameRate()));
            }
        }
        if (audio != null) {
            master.append(",AUDIO=\"").append(audioGroup).append('"');
        }
        master.append('\n')
                .append(OutputCollector.uriEncode(variant.playlistName()))
                .append('\n');
    }
}
