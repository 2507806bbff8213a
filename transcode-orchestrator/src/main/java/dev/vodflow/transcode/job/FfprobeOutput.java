package dev.vodflow.transcode.job;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the JSON of {@code ffprobe -show_format -show_streams}. */
final class FfprobeOutput {

    static final String SOURCE_NOT_MEDIA = "SOURCE_NOT_MEDIA";

    private FfprobeOutput() {}

    static SourceMedia parse(JsonMapper json, String output) {
        JsonNode root = json.readTree(output);
        JsonNode video = null;
        boolean audio = false;
        double longestStream = 0;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asString("");
            // Cover art in an MP3 or M4A is a one-frame "video" stream; it does not make the file a video.
            boolean attachedPicture =
                    stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (type.equals("video") && !attachedPicture && video == null) {
                video = stream;
            } else if (type.equals("audio")) {
                audio = true;
            }
            longestStream = Math.max(longestStream, seconds(stream.path("duration")));
        }
        if (video == null && !audio) {
            throw new SourceRefusedException(
                    SOURCE_NOT_MEDIA, "The file contains no video or audio track we can read.");
        }
        double duration = seconds(root.path("format").path("duration"));
        long durationMs = Math.round(1000 * (duration > 0 ? duration : longestStream));
        if (video == null) {
            return SourceMedia.audioOnly(durationMs);
        }
        return new SourceMedia(
                video.path("width").asInt(0), video.path("height").asInt(0), rotation(video), true, audio, durationMs);
    }

    /** Newer ffprobe reports a display matrix rotation in side data; older files carry a {@code rotate} tag. */
    private static int rotation(JsonNode video) {
        for (JsonNode sideData : video.path("side_data_list")) {
            if (sideData.has("rotation")) {
                return sideData.path("rotation").asInt(0);
            }
        }
        return video.path("tags").path("rotate").asInt(0);
    }

    private static double seconds(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        try {
            return Double.parseDouble(value.asString("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
