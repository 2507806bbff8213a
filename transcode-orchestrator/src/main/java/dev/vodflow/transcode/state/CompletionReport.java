package dev.vodflow.transcode.state;

import dev.vodflow.events.EventIds;
import dev.vodflow.events.TranscodeCompleted;
import dev.vodflow.events.TranscodeCompleted.Dimensions;
import dev.vodflow.events.TranscodeCompleted.Rendition;
import dev.vodflow.events.TranscodeCompleted.RenditionKind;
import dev.vodflow.events.TranscodeCompleted.Storyboard;
import dev.vodflow.events.TranscodeCompleted.Thumbnail;
import dev.vodflow.transcode.job.JobRequests;
import dev.vodflow.transcode.job.TranscodeJob;
import dev.vodflow.transcode.state.JobStateChange.GroupDetail;
import dev.vodflow.transcode.state.JobStateChange.OutputDetail;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Builds {@code transcode.completed} from what exists: the output prefix listed in S3 is the truth about which
 * files are there (GetJob gives no paths, and a frame-capture group names only its last capture); the master
 * playlist gives each variant's bandwidth, resolution and codecs as players will see them; the job's
 * {@code outputGroupDetails} give durations and picture sizes.
 */
class CompletionReport {

    private static final Pattern CAPTURE_NUMBER = Pattern.compile("\\.(\\d+)\\.jpg$");
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

    private final S3Client s3;
    private final String bucket;
    private final long captureIntervalMs;
    private final Storyboards storyboards;

    CompletionReport(S3Client s3, String bucket, long captureIntervalMs) {
        this.s3 = s3;
        this.bucket = bucket;
        this.captureIntervalMs = captureIntervalMs;
        this.storyboards = new Storyboards(s3, bucket);
    }

    /** Empty when the outputs are not there (no master playlist): the job cannot count as complete. */
    Optional<TranscodeCompleted> build(TranscodeJob job, JobStateChange change, Instant now) {
        String prefix = JobRequests.outputPrefix(job.videoId());
        Map<String, Long> objects = new TreeMap<>();
        for (String under : JobRequests.outputPrefixes(job.videoId())) {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(under))
                    .contents()
                    .forEach(o -> objects.put(o.key(), o.size()));
        }
        String master = change.groups().stream()
                .flatMap(g -> g.playlistFilePaths().stream())
                .map(CompletionReport::key)
                .filter(k -> k.endsWith(".m3u8"))
                .filter(objects::containsKey)
                .findFirst()
                .orElseGet(() -> objects.containsKey(prefix + JobRequests.CMAF_MASTER + ".m3u8")
                        ? prefix + JobRequests.CMAF_MASTER + ".m3u8"
                        : prefix + JobRequests.HLS_MASTER + ".m3u8");
        if (!objects.containsKey(master)) {
            return Optional.empty();
        }
        // GetJob names no manifests: then the CMAF group's, if the job wrote one.
        String dash = change.groups().stream()
                .flatMap(g -> g.playlistFilePaths().stream())
                .map(CompletionReport::key)
                .filter(k -> k.endsWith(".mpd"))
                .findFirst()
                .orElse(prefix + JobRequests.CMAF_MASTER + ".mpd");
        if (!objects.containsKey(dash)) {
            dash = null;
        }
        long durationMs = change.groups().stream()
                .flatMap(g -> g.outputs().stream())
                .mapToLong(OutputDetail::durationMs)
                .max()
                .orElse(0);
        if (durationMs == 0 && job.durationMs() != null) {
            durationMs = job.durationMs();
        }
        List<Rendition> renditions = new ArrayList<>(hlsRenditions(master));
        String mp4Prefix = JobRequests.downloadPrefix(job.videoId())
                + JobRequests.MP4_BASE.substring(0, JobRequests.MP4_BASE.indexOf('/') + 1);
        for (Map.Entry<String, Long> object : objects.entrySet()) {
            if (object.getKey().startsWith(mp4Prefix) && object.getKey().endsWith(".mp4")) {
                OutputDetail detail = detailFor(change, object.getKey());
                if (detail == null) {
                    detail = positionalMp4(change);
                }
                int[] size = detail != null
                        ? new int[] {detail.width(), detail.height()}
                        : sizeFromName(object.getKey(), job);
                long bitrate = durationMs > 0 ? object.getValue() * 8 * 1000 / durationMs : 0;
                renditions.add(new Rendition(RenditionKind.MP4, size[0], size[1], bitrate, null, object.getKey()));
            }
        }
        List<Thumbnail> thumbnails = new ArrayList<>();
        String thumbPrefix =
                prefix + JobRequests.THUMBNAIL_BASE.substring(0, JobRequests.THUMBNAIL_BASE.indexOf('/') + 1);
        int[] thumbSize = thumbnailSize(change);
        for (String key : objects.keySet()) {
            if (key.startsWith(thumbPrefix) && key.endsWith(".jpg")) {
                Matcher number = CAPTURE_NUMBER.matcher(key);
                long index = number.find() ? Long.parseLong(number.group(1)) : thumbnails.size();
                thumbnails.add(new Thumbnail(key, index * captureIntervalMs, thumbSize[0], thumbSize[1]));
            }
        }
        // The step after COMPLETE: the frame captures tiled into sprites with a WebVTT map, for scrubbing previews.
        Storyboard storyboard = storyboards
                .write(
                        prefix,
                        thumbnails.stream()
                                .sorted(Comparator.comparingLong(Thumbnail::timeMs))
                                .map(t -> new Storyboards.Capture(t.path(), t.timeMs()))
                                .toList(),
                        durationMs)
                .orElse(null);
        Dimensions source = new Dimensions(
                job.sourceWidth() == null ? 0 : job.sourceWidth(), job.sourceHeight() == null ? 0 : job.sourceHeight());
        return Optional.of(new TranscodeCompleted(
                EventIds.nameBased("transcode.completed", job.videoId(), change.jobId()),
                job.videoId(),
                job.ownerId(),
                now,
                change.jobId(),
                durationMs,
                source,
                master,
                renditions,
                thumbnails,
                dash,
                storyboard));
    }

    /**
     * GetJob names no files; its groups follow the order of our request: the streaming groups (one or two), then
     * the MP4, then the captures. A video job always has both files, so they are the last two groups.
     */
    private static OutputDetail positionalMp4(JobStateChange change) {
        int groups = change.groups().size();
        if (groups < 3) {
            return null;
        }
        List<OutputDetail> outputs = change.groups().get(groups - 2).outputs();
        return outputs.size() == 1 && outputs.get(0).width() > 0 ? outputs.get(0) : null;
    }

    /** Variants as the master playlist announces them: BANDWIDTH, RESOLUTION (absent for audio), CODECS, URI. */
    private List<Rendition> hlsRenditions(String masterKey) {
        String playlist;
        try {
            playlist = s3.getObjectAsBytes(b -> b.bucket(bucket).key(masterKey)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            return List.of();
        }
        return parseMaster(masterKey, playlist);
    }

    static List<Rendition> parseMaster(String masterKey, String playlist) {
        String directory = masterKey.substring(0, masterKey.lastIndexOf('/') + 1);
        List<Rendition> renditions = new ArrayList<>();
        String[] lines = playlist.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("#EXT-X-STREAM-INF:")) {
                continue;
            }
            Map<String, String> attributes = attributes(lines[i].substring("#EXT-X-STREAM-INF:".length()));
            String uri = null;
            for (int j = i + 1; j < lines.length && uri == null; j++) {
                String candidate = lines[j].strip();
                if (!candidate.isEmpty() && !candidate.startsWith("#")) {
                    uri = candidate;
                }
            }
            if (uri == null) {
                continue;
            }
            int width = 0;
            int height = 0;
            String resolution = attributes.get("RESOLUTION");
            if (resolution != null && resolution.contains("x")) {
                String[] parts = resolution.split("x");
                width = Integer.parseInt(parts[0].strip());
                height = Integer.parseInt(parts[1].strip());
            }
            long bandwidth =
                    Long.parseLong(attributes.getOrDefault("BANDWIDTH", "0").strip());
            renditions.add(new Rendition(
                    RenditionKind.HLS, width, height, bandwidth, attributes.get("CODECS"), directory + uri));
        }
        return renditions;
    }

    private static Map<String, String> attributes(String list) {
        Map<String, String> attributes = new TreeMap<>();
        Matcher matcher = ATTRIBUTE.matcher(list);
        while (matcher.find()) {
            String value = matcher.group(2);
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            }
            attributes.put(matcher.group(1), value);
        }
        return attributes;
    }

    private static OutputDetail detailFor(JobStateChange change, String key) {
        for (GroupDetail group : change.groups()) {
            for (OutputDetail output : group.outputs()) {
                if (output.outputFilePaths().stream().map(CompletionReport::key).anyMatch(key::equals)) {
                    return output;
                }
            }
        }
        return null;
    }

    /** Our MP4 name modifier is the short side ("video_720p.mp4"); with the source's shape that gives the size. */
    private static int[] sizeFromName(String key, TranscodeJob job) {
        Matcher m = Pattern.compile("_(\\d+)p\\.mp4$").matcher(key);
        if (!m.find() || job.sourceWidth() == null || job.sourceHeight() == null || job.sourceHeight() == 0) {
            return new int[] {0, 0};
        }
        int shortSide = Integer.parseInt(m.group(1));
        int w = job.sourceWidth();
        int h = job.sourceHeight();
        if (w >= h) {
            return new int[] {even((double) w * shortSide / h), shortSide};
        }
        return new int[] {shortSide, even((double) h * shortSide / w)};
    }

    private int[] thumbnailSize(JobStateChange change) {
        for (GroupDetail group : change.groups()) {
            for (OutputDetail output : group.outputs()) {
                if (output.outputFilePaths().stream().anyMatch(p -> p.endsWith(".jpg"))) {
                    return new int[] {output.width(), output.height()};
                }
            }
        }
        // GetJob names no files: the captures are the last group of a video job (see positionalMp4).
        int groups = change.groups().size();
        if (groups >= 3 && !change.groups().get(groups - 1).outputs().isEmpty()) {
            OutputDetail output = change.groups().get(groups - 1).outputs().get(0);
            return new int[] {output.width(), output.height()};
        }
        return new int[] {0, 0};
    }

    private static int even(double value) {
        int rounded = (int) Math.round(value);
        return rounded - rounded % 2;
    }

    /** {@code s3://bucket/key} to key. */
    static String key(String s3Url) {
        if (s3Url.startsWith("s3://")) {
            String rest = s3Url.substring(5);
            int slash = rest.indexOf('/');
            return slash < 0 ? "" : rest.substring(slash + 1);
        }
        return s3Url;
    }
}
