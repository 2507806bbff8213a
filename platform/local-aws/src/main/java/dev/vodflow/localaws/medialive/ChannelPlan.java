package dev.vodflow.localaws.medialive;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a channel's encoder settings ask for, in the terms the emulator runs: an HLS ladder into one S3 prefix per
 * pipeline and an optional archive (the recording). Read from MediaLive's {@code CreateChannel} body; what the
 * emulator cannot do is refused with the field's path rather than ignored.
 *
 * @param hlsBases per pipeline, S3 location and base name of the HLS output, e.g. {@code live-a/ch1/master}: the
 *     multivariant playlist is {@code master.m3u8}, a rung's playlist {@code master_360p.m3u8}. One location is a
 *     SINGLE_PIPELINE channel, two a STANDARD one (MediaLive's destination with two settings, pipeline 0 first).
 * @param archiveBase S3 location and base name of the recording, or null without an archive output group
 */
record ChannelPlan(
        List<S3Location> hlsBases,
        Duration segmentLength,
        int windowSegments,
        List<Rung> ladder,
        int audioBitrate,
        S3Location archiveBase) {

    /** One rung of the ladder: an HLS output with its own name modifier, size and bitrate. */
    record Rung(String nameModifier, int width, int height, int bitrate) {}

    record S3Location(String bucket, String key) {

        /** {@code s3://} or {@code s3ssl://} (MediaLive's spelling), bucket, then a key ending in a base name. */
        static S3Location parse(String url, String field) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new BadRequest(field + ": not a URL: " + url);
            }
            String scheme = uri.getScheme();
            String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (!("s3".equals(scheme) || "s3ssl".equals(scheme)) || uri.getHost() == null || key.isBlank()) {
                throw new BadRequest(
                        field + ": the emulator writes to S3 only, as s3ssl://bucket/path/baseName; was " + url);
            }
            return new S3Location(uri.getHost(), key);
        }

        S3Location withKey(String newKey) {
            return new S3Location(bucket, newKey);
        }

        /** The folder the base name sits in, with its trailing slash. */
        String folder() {
            return key.substring(0, key.lastIndexOf('/') + 1);
        }

        String baseName() {
            return key.substring(key.lastIndexOf('/') + 1);
        }
    }

    static ChannelPlan parse(JsonNode body) {
        Map<String, List<String>> destinations = new HashMap<>();
        JsonNode destinationList = body.path("destinations");
        for (int i = 0; i < destinationList.size(); i++) {
            JsonNode destination = destinationList.get(i);
            JsonNode settings = destination.path("settings");
            if (settings.isEmpty() || settings.size() > 2) {
                throw new BadRequest("/destinations/" + i + "/settings: one URL per pipeline, one or two");
            }
            List<String> urls = new ArrayList<>();
            for (int u = 0; u < settings.size(); u++) {
                String url = settings.get(u).path("url").asString("");
                if (url.isBlank()) {
                    throw new BadRequest("/destinations/" + i + "/settings/" + u + "/url is required");
                }
                urls.add(url);
            }
            destinations.put(destination.path("id").asString(""), List.copyOf(urls));
        }
        JsonNode encoder = body.path("encoderSettings");
        Map<String, JsonNode> videos = new HashMap<>();
        for (JsonNode video : encoder.path("videoDescriptions")) {
            videos.put(video.path("name").asString(""), video);
        }
        int audioBitrate = 96_000;
        for (JsonNode audio : encoder.path("audioDescriptions")) {
            audioBitrate = (int) audio.path("codecSettings")
                    .path("aacSettings")
                    .path("bitrate")
                    .asDouble(audioBitrate);
        }
        List<S3Location> hls = null;
        Duration segment = Duration.ofSeconds(6);
        int window = 10;
        List<Rung> ladder = new ArrayList<>();
        S3Location archive = null;
        JsonNode groups = encoder.path("outputGroups");
        for (int g = 0; g < groups.size(); g++) {
            String at = "/encoderSettings/outputGroups/" + g;
            JsonNode group = groups.get(g);
            JsonNode settings = group.path("outputGroupSettings");
            if (settings.has("hlsGroupSettings")) {
                if (hls != null) {
                    throw new BadRequest(at + ": the emulator runs one HLS output group per channel");
                }
                JsonNode hlsSettings = settings.path("hlsGroupSettings");
                hls = destination(destinations, hlsSettings, at + "/outputGroupSettings/hlsGroupSettings").stream()
                        .map(url -> S3Location.parse(url, at + "/outputGroupSettings/hlsGroupSettings/destination"))
                        .toList();
                if (hls.size() == 2 && hls.get(0).equals(hls.get(1))) {
                    throw new BadRequest(at + "/outputGroupSettings/hlsGroupSettings/destination: the two pipelines"
                            + " must write to two different places, both were " + hls.get(0));
                }
                int seconds = hlsSettings.path("segmentLength").asInt(6);
                if (seconds < 1 || seconds > 30) {
                    throw new BadRequest(at + "/outputGroupSettings/hlsGroupSettings/segmentLength: 1 to 30 seconds,"
                            + " was " + seconds);
                }
                segment = Duration.ofSeconds(seconds);
                window = hlsSettings.path("indexNSegments").asInt(10);
                JsonNode outputs = group.path("outputs");
                for (int o = 0; o < outputs.size(); o++) {
                    JsonNode output = outputs.get(o);
                    String videoName = output.path("videoDescriptionName").asString("");
                    JsonNode video = videos.get(videoName);
                    if (video == null) {
                        throw new BadRequest(at + "/outputs/" + o + "/videoDescriptionName: no video description '"
                                + videoName + "'");
                    }
                    ladder.add(new Rung(
                            output.path("outputSettings")
                                    .path("hlsOutputSettings")
                                    .path("nameModifier")
                                    .asString("_" + o),
                            even(video.path("width").asInt(0)),
                            even(video.path("height").asInt(0)),
                            (int) video.path("codecSettings")
                                    .path("h264Settings")
                                    .path("bitrate")
                                    .asDouble(1_000_000)));
                }
            } else if (settings.has("archiveGroupSettings")) {
                // both pipelines of a STANDARD channel archive the same input: the emulator stores one recording
                archive = S3Location.parse(
                        destination(
                                        destinations,
                                        settings.path("archiveGroupSettings"),
                                        at + "/outputGroupSettings/archiveGroupSettings")
                                .get(0),
                        at + "/outputGroupSettings/archiveGroupSettings/destination");
            } else {
                throw new BadRequest(at + "/outputGroupSettings: the emulator supports hlsGroupSettings and"
                        + " archiveGroupSettings only");
            }
        }
        if (hls == null) {
            throw new BadRequest("/encoderSettings/outputGroups: an HLS output group is required");
        }
        if (ladder.isEmpty()) {
            throw new BadRequest("/encoderSettings/outputGroups: the HLS output group has no outputs");
        }
        return new ChannelPlan(hls, segment, window, List.copyOf(ladder), audioBitrate, archive);
    }

    long segmentMillis() {
        return segmentLength.toMillis();
    }

    private static List<String> destination(Map<String, List<String>> destinations, JsonNode groupSettings, String at) {
        String ref = groupSettings.path("destination").path("destinationRefId").asString("");
        List<String> url = destinations.get(ref);
        if (url == null) {
            throw new BadRequest(at + "/destination/destinationRefId: no destination '" + ref + "'");
        }
        return url;
    }

    private static int even(int value) {
        return value - (value % 2);
    }

    /** A request the emulator refuses with 400, naming the field. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
