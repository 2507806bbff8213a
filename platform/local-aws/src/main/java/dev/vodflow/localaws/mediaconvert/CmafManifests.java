package dev.vodflow.localaws.mediaconvert;

import dev.vodflow.localaws.mediaconvert.JobSpec.Destination;
import dev.vodflow.localaws.mediaconvert.JobSpec.Group;
import dev.vodflow.localaws.mediaconvert.OutputCollector.CmafTrack;
import dev.vodflow.localaws.mediaconvert.OutputCollector.Upload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two top-level manifests of a CMAF group over one set of fMP4 segments: an HLS multivariant playlist whose
 * video variants all play with the group's audio rendition, and a static DASH MPD whose segment timelines are the
 * very durations the HLS media playlists list, so both kinds of player cut at the same instants.
 */
final class CmafManifests {

    private static final String AUDIO_GROUP = "audio";

    private CmafManifests() {}

    /** Queues the manifests the group asks for and returns their S3 URLs (HLS first). */
    static List<String> write(Group group, List<CmafTrack> tracks, List<Upload> playlists) {
        Destination destination = group.destination();
        List<String> paths = new ArrayList<>();
        if (group.hlsManifest()) {
            String name = destination.baseName() + ".m3u8";
            playlists.add(upload(destination, name, hls(tracks), "application/x-mpegURL"));
            paths.add(destination.uri(name));
        }
        if (group.dashManifest()) {
            String name = destination.baseName() + ".mpd";
            playlists.add(upload(destination, name, dash(tracks, group.segmentLength()), "application/dash+xml"));
            paths.add(destination.uri(name));
        }
        return paths;
    }

    private static Upload upload(Destination destination, String name, String text, String contentType) {
        return new Upload(
                destination.bucket(), destination.key(name), null, text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    static String hls(List<CmafTrack> tracks) {
        List<CmafTrack> videos = videos(tracks);
        List<CmafTrack> audios = audios(tracks);
        StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (videos.isEmpty()) {
            // Audio-only source: the audio playlists are the variants.
            for (CmafTrack audio : audios) {
                streamInf(master, audio, null);
            }
            return master.toString();
        }
        for (int i = 0; i < audios.size(); i++) {
            CmafTrack audio = audios.get(i);
            master.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"")
                    .append(AUDIO_GROUP)
                    .append("\",NAME=\"")
                    .append(trackName(audio, "audio" + (i + 1)))
                    .append("\",DEFAULT=")
                    .append(i == 0 ? "YES" : "NO")
                    .append(",AUTOSELECT=YES,CHANNELS=\"")
                    .append(audio.output().audio().channels())
                    .append("\",URI=\"")
                    .append(OutputCollector.uriEncode(audio.playlistName()))
                    .append("\"\n");
        }
        for (CmafTrack video : videos) {
            streamInf(master, video, audios.isEmpty() ? null : audios.get(0));
        }
        return master.toString();
    }

    private static void streamInf(StringBuilder master, CmafTrack track, CmafTrack audio) {
        StreamInf.append(
                master,
                track.streamInf(),
                audio == null ? null : audio.streamInf(),
                audio == null ? null : AUDIO_GROUP);
    }

    static String dash(List<CmafTrack> tracks, int segmentLength) {
        double seconds =
                tracks.stream().mapToDouble(t -> t.segments().seconds()).max().orElse(0);
        StringBuilder mpd = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        mpd.append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"")
                .append(" profiles=\"urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019\"")
                .append(" type=\"static\" mediaPresentationDuration=\"")
                .append(isoDuration(seconds))
                .append("\" maxSegmentDuration=\"")
                .append(isoDuration(segmentLength))
                .append("\" minBufferTime=\"")
                .append(isoDuration(Math.min(segmentLength, 2)))
                .append("\">\n");
        mpd.append("  <Period id=\"0\" start=\"PT0S\">\n");
        List<CmafTrack> videos = videos(tracks);
        if (!videos.isEmpty()) {
            int maxWidth =
                    videos.stream().mapToInt(t -> t.output().width()).max().orElse(0);
            int maxHeight =
                    videos.stream().mapToInt(t -> t.output().height()).max().orElse(0);
            mpd.append("    <AdaptationSet id=\"0\" contentType=\"video\" mimeType=\"video/mp4\"")
                    .append(" segmentAlignment=\"true\" startWithSAP=\"1\" maxWidth=\"")
                    .append(maxWidth)
                    .append("\" maxHeight=\"")
                    .append(maxHeight)
                    .append("\">\n");
            for (int i = 0; i < videos.size(); i++) {
                CmafTrack video = videos.get(i);
                mpd.append("      <Representation id=\"")
                        .append(xml(trackName(video, "video" + (i + 1))))
                        .append("\" codecs=\"")
                        .append(video.codec())
                        .append("\" bandwidth=\"")
                        .append(video.segments().peakBitrate())
                        .append("\" width=\"")
                        .append(video.output().width())
                        .append("\" height=\"")
                        .append(video.output().height())
                        .append("\" sar=\"1:1\"");
                if (video.frameRate() > 0) {
                    mpd.append(" frameRate=\"")
                            .append(frameRate(video.frameRate()))
                            .append('"');
                }
                mpd.append(">\n");
                segmentTemplate(mpd, video);
                mpd.append("      </Representation>\n");
            }
            mpd.append("    </AdaptationSet>\n");
        }
        List<CmafTrack> audios = audios(tracks);
        for (int i = 0; i < audios.size(); i++) {
            CmafTrack audio = audios.get(i);
            JobSpec.Audio settings = audio.output().audio();
            mpd.append("    <AdaptationSet id=\"")
                    .append(i + 1)
                    .append("\" contentType=\"audio\" mimeType=\"audio/mp4\" segmentAlignment=\"true\"")
                    .append(" startWithSAP=\"1\">\n");
            mpd.append("      <Representation id=\"")
                    .append(xml(trackName(audio, "audio" + (i + 1))))
                    .append("\" codecs=\"")
                    .append(audio.codec())
                    .append("\" bandwidth=\"")
                    .append(audio.segments().peakBitrate())
                    .append("\" audioSamplingRate=\"")
                    .append(settings.sampleRate())
                    .append("\">\n");
            mpd.append("        <AudioChannelConfiguration")
                    .append(" schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"")
                    .append(settings.channels())
                    .append("\"/>\n");
            segmentTemplate(mpd, audio);
            mpd.append("      </Representation>\n    </AdaptationSet>\n");
        }
        mpd.append("  </Period>\n</MPD>\n");
        return mpd.toString();
    }

    /**
     * A SegmentTemplate over the numbered CMAF files as uploaded, with a millisecond timeline whose durations are
     * the ones the HLS playlist lists for the same files. Not a SegmentList of explicit URLs: dash.js (4.7.4, and
     * still 5.1) picks a SegmentList's SegmentURL by the index of the S element instead of the segment, so every
     * segment an {@code r="6"} repeats would load the first one's file and playback stalls on a black frame after
     * two segments. MediaConvert's own CMAF DASH manifests are SegmentTemplate with SegmentTimeline too.
     */
    private static void segmentTemplate(StringBuilder mpd, CmafTrack track) {
        OutputCollector.Segmented segments = track.segments();
        NumberedNames names = NumberedNames.of(segments.segmentNames());
        mpd.append("        <SegmentTemplate timescale=\"1000\" startNumber=\"")
                .append(names.startNumber())
                .append("\" initialization=\"")
                .append(xml(OutputCollector.uriEncode(segments.initName())))
                .append("\" media=\"")
                .append(xml(names.media()))
                .append("\">\n");
        mpd.append("          <SegmentTimeline>\n");
        List<Long> durations = new ArrayList<>();
        double total = 0;
        long previousEnd = 0;
        for (double duration : segments.durations()) {
            // Rounded from the running total so that the timeline never drifts from the media.
            total += duration;
            long end = Math.round(total * 1000);
            durations.add(end - previousEnd);
            previousEnd = end;
        }
        int i = 0;
        while (i < durations.size()) {
            int repeat = 0;
            while (i + repeat + 1 < durations.size()
                    && durations.get(i + repeat + 1).equals(durations.get(i))) {
                repeat++;
            }
            mpd.append("            <S ");
            if (i == 0) {
                mpd.append("t=\"0\" ");
            }
            mpd.append("d=\"").append(durations.get(i)).append('"');
            if (repeat > 0) {
                mpd.append(" r=\"").append(repeat).append('"');
            }
            mpd.append("/>\n");
            i += repeat + 1;
        }
        mpd.append("          </SegmentTimeline>\n");
        mpd.append("        </SegmentTemplate>\n");
    }

    /**
     * Segment names that differ only by a consecutive number ({@code master_720p_00001.cmfv}, ...), as FFmpeg
     * writes them: the {@code $Number$} template that yields exactly those names.
     */
    record NumberedNames(String prefix, int width, long startNumber, String suffix) {

        private static final Pattern NUMBERED = Pattern.compile("(.*\\D|)(\\d+)(\\.[A-Za-z0-9]+)");

        static NumberedNames of(List<String> names) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a DASH representation needs at least one segment");
            }
            Matcher first = NUMBERED.matcher(names.get(0));
            if (!first.matches()) {
                throw new IllegalArgumentException("segment " + names.get(0) + " is not numbered");
            }
            NumberedNames numbered = new NumberedNames(
                    first.group(1), first.group(2).length(), Long.parseLong(first.group(2)), first.group(3));
            for (int i = 0; i < names.size(); i++) {
                String expected = numbered.name(numbered.startNumber() + i);
                if (!expected.equals(names.get(i))) {
                    throw new IllegalArgumentException(
                            "segment " + (i + 1) + " is " + names.get(i) + ", not " + expected + " as numbered");
                }
            }
            return numbered;
        }

        String name(long number) {
            return prefix + String.format(Locale.ROOT, "%0" + width + "d", number) + suffix;
        }

        /** URI-encoded, which also encodes any {@code $} of the name itself ({@code %24}). */
        String media() {
            return OutputCollector.uriEncode(prefix) + "$Number%0" + width + "d$" + OutputCollector.uriEncode(suffix);
        }
    }

    private static List<CmafTrack> videos(List<CmafTrack> tracks) {
        return tracks.stream().filter(t -> t.output().video() != null).toList();
    }

    private static List<CmafTrack> audios(List<CmafTrack> tracks) {
        return tracks.stream().filter(t -> t.output().video() == null).toList();
    }

    /** The output's name modifier without its leading separator ("720p"), or a positional name. */
    private static String trackName(CmafTrack track, String fallback) {
        String modifier = track.output().spec().nameModifier().replaceFirst("^[_\\-.]+", "");
        return modifier.isEmpty() ? fallback : modifier;
    }

    private static String frameRate(double fps) {
        long rounded = Math.round(fps);
        if (Math.abs(fps - rounded) < 0.001) {
            return Long.toString(rounded);
        }
        // NTSC rates as the exact fractions players expect (29.97 is 30000/1001).
        return Math.round(fps * 1001) + "/1001";
    }

    static String isoDuration(double seconds) {
        return String.format(Locale.ROOT, "PT%.3fS", seconds);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
