package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.localaws.LocalAws;
import dev.vodflow.localaws.cloudfront.CloudFrontEdge;
import dev.vodflow.localaws.cloudfront.CloudFrontEdgeConfig;
import dev.vodflow.localaws.mediaconvert.JobTemplates.Rung;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;
import tools.jackson.databind.JsonNode;

/**
 * A CMAF ladder from a 1080p source, played the way viewers get it: through the edge with signed cookies, by
 * FFmpeg's HLS and DASH demuxers, with every rung cut at the same instants in both manifests.
 */
class CmafJobIntegrationTests {

    static final List<Rung> LADDER = List.of(
            new Rung("_360p", 640, 360, 1_000_000),
            new Rung("_720p", 1280, 720, 4_500_000),
            new Rung("_1080p", 1920, 1080, 8_000_000));
    static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),");
    static final Pattern SEGMENT_TEMPLATE = Pattern.compile(
            "<SegmentTemplate timescale=\"1000\" startNumber=\"(\\d+)\" initialization=\"([^\"]+)\" media=\"([^\"]+)\">");
    static final Pattern TIMELINE_ENTRY = Pattern.compile("<S (?:t=\"\\d+\" )?d=\"(\\d+)\"(?: r=\"(\\d+)\")?/>");

    private static final EmulatorFixture fixture = EmulatorFixture.get();
    private static CloudFrontEdge edge;
    private static KeyPair key;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startEdge() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        edge = new CloudFrontEdge(new CloudFrontEdgeConfig(
                        0,
                        fixture.s3.endpoint(),
                        LocalAws.REGION,
                        LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY,
                        EmulatorFixture.BUCKET,
                        Map.of("K1", key.getPublic()),
                        Set.of()))
                .start();
    }

    @AfterAll
    static void stopEdge() {
        edge.close();
    }

    @Test
    void cmafLadderPlaysAsHlsAndDashThroughTheEdgeWithTheSameSegmentsInEveryRung() throws Exception {
        Path clip = fixture.testClip("cmaf-1080p.mp4", "1920x1080", 5);
        String input = fixture.upload("input/cmaf-1/source.mp4", clip);

        Job job = JobRuns.runToEnd(fixture, JobTemplates.cmaf(input, "cmaf-1", 2, LADDER, -16.0));

        assertThat(job.status())
                .as("%s %s", job.errorCode(), job.errorMessage())
                .isEqualTo(JobStatus.COMPLETE);
        // The COMPLETE event names the group's type and both manifests, as EventBridge's would.
        JsonNode complete = fixture.events(job.id()).stream()
                .filter(e -> e.at("/detail/status").asString().equals("COMPLETE"))
                .findFirst()
                .orElseThrow();
        assertThat(complete.at("/detail/outputGroupDetails/0/type").asString()).isEqualTo("CMAF_GROUP");
        List<String> manifests = new ArrayList<>();
        complete.at("/detail/outputGroupDetails/0/playlistFilePaths").forEach(p -> manifests.add(p.asString()));
        assertThat(manifests)
                .containsExactly(
                        "s3://vodflow-media/output/cmaf-1/cmaf/master.m3u8",
                        "s3://vodflow-media/output/cmaf-1/cmaf/master.mpd");
        assertThat(fixture.keys("output/cmaf-1/cmaf/"))
                .contains(
                        "output/cmaf-1/cmaf/master_1080p_init.cmfv",
                        "output/cmaf-1/cmaf/master_1080p_00001.cmfv",
                        "output/cmaf-1/cmaf/master_audio_init.cmfa",
                        "output/cmaf-1/cmaf/master_audio_00001.cmfa")
                .noneMatch(k -> k.endsWith(".ts"));

        String cookies = cookies("cmaf-1");
        String base = edge.endpoint() + "/output/cmaf-1/cmaf/";
        List<String> hls = EmulatorFixture.probe(
                base + "master.m3u8", "stream=codec_name,width,height", "-headers", "Cookie: " + cookies + "\r\n");
        assertThat(hls).contains("h264,640,360", "h264,1280,720", "h264,1920,1080", "aac");
        List<String> dash = EmulatorFixture.probe(
                base + "master.mpd", "stream=codec_name,width,height", "-headers", "Cookie: " + cookies + "\r\n");
        assertThat(dash).contains("h264,640,360", "h264,1280,720", "h264,1920,1080", "aac");

        // The same cuts everywhere: each rung's HLS playlist lists the same durations, and the DASH timeline
        // of each representation says the same in milliseconds.
        String master = get(base + "master.m3u8", cookies);
        assertThat(master)
                .contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\"")
                .contains("AUDIO=\"audio\"");
        Map<String, List<Double>> rungs = new LinkedHashMap<>();
        for (Rung rung : LADDER) {
            rungs.put(rung.nameModifier(), durations(get(base + "master" + rung.nameModifier() + ".m3u8", cookies)));
        }
        List<Double> reference = rungs.get("_360p");
        assertThat(reference).hasSizeGreaterThanOrEqualTo(3);
        assertThat(rungs.values()).allSatisfy(d -> assertThat(d).isEqualTo(reference));
        assertThat(durations(get(base + "master_audio.m3u8", cookies))).hasSameSizeAs(reference);

        String mpd = get(base + "master.mpd", cookies);
        List<Long> expectedTimeline = milliseconds(reference);
        for (String representation : List.of("360p", "720p", "1080p")) {
            int at = mpd.indexOf("<Representation id=\"" + representation + "\"");
            assertThat(at).as(representation).isPositive();
            String body = mpd.substring(at, mpd.indexOf("</Representation>", at));
            assertThat(timeline(body)).as(representation).isEqualTo(expectedTimeline);
            // The template names exactly the uploaded segments, one per timeline entry (dash.js mis-indexes a
            // SegmentList's URLs under a repeated S element, so the emulator writes a SegmentTemplate).
            Matcher template = SEGMENT_TEMPLATE.matcher(body);
            assertThat(template.find()).as(representation + ": " + body).isTrue();
            List<String> named = new ArrayList<>();
            for (int i = 0; i < expectedTimeline.size(); i++) {
                named.add("output/cmaf-1/cmaf/"
                        + template.group(3)
                                .replace("$Number%05d$", "%05d")
                                .formatted(Long.parseLong(template.group(1)) + i));
            }
            assertThat(fixture.keys("output/cmaf-1/cmaf/")).as(representation).containsAll(named);
            assertThat("output/cmaf-1/cmaf/" + template.group(2))
                    .isEqualTo("output/cmaf-1/cmaf/master_" + representation + "_init.cmfv");
        }
    }

    @Test
    void audioIsNormalisedToTheTargetLoudness() throws Exception {
        Path clip = fixture.testClip("cmaf-quiet.mp4", "320x180", 8);
        String input = fixture.upload("input/cmaf-2/source.mp4", clip);

        Job job = JobRuns.runToEnd(
                fixture, JobTemplates.cmaf(input, "cmaf-2", 2, List.of(new Rung("_180p", 320, 180, 300_000)), -16.0));

        assertThat(job.status())
                .as("%s %s", job.errorCode(), job.errorMessage())
                .isEqualTo(JobStatus.COMPLETE);
        Path local = fixture.downloadAll("output/cmaf-2/");
        assertThat(integratedLoudness(clip)).isLessThan(-19.0);
        assertThat(integratedLoudness(local.resolve("cmaf/master_audio.m3u8"))).isBetween(-17.5, -14.5);
    }

    private static double integratedLoudness(Path media) {
        EmulatorFixture.ProcessResult result = EmulatorFixture.run(List.of(
                SampleClips.binaries().ffmpeg().toString(),
                "-hide_banner",
                "-nostats",
                "-i",
                media.toString(),
                "-map",
                "0:a:0",
                "-af",
                "ebur128",
                "-f",
                "null",
                "-"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher summary = Pattern.compile("Integrated loudness:\\s+I:\\s+(-?[0-9.]+) LUFS")
                .matcher(result.output());
        assertThat(summary.find()).as(result.output()).isTrue();
        return Double.parseDouble(summary.group(1));
    }

    private String cookies(String videoId) {
        CookiesForCustomPolicy cookies = CloudFrontUtilities.create()
                .getCookiesForCustomPolicy(r -> r.resourceUrl(edge.endpoint() + "/output/" + videoId + "/*")
                        .privateKey(key.getPrivate())
                        .keyPairId("K1")
                        .expirationDate(Instant.now().plusSeconds(600)));
        return cookies.policyHeaderValue() + "; " + cookies.signatureHeaderValue() + "; "
                + cookies.keyPairIdHeaderValue();
    }

    private String get(String url, String cookies) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Cookie", cookies)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static List<Double> durations(String playlist) {
        List<Double> durations = new ArrayList<>();
        Matcher matcher = EXTINF.matcher(playlist);
        while (matcher.find()) {
            durations.add(Double.parseDouble(matcher.group(1)));
        }
        return durations;
    }

    private static List<Long> milliseconds(List<Double> durations) {
        List<Long> result = new ArrayList<>();
        double total = 0;
        long previous = 0;
        for (double duration : durations) {
            total += duration;
            long end = Math.round(total * 1000);
            result.add(end - previous);
            previous = end;
        }
        return result;
    }

    private static List<Long> timeline(String representation) {
        List<Long> result = new ArrayList<>();
        Matcher matcher = TIMELINE_ENTRY.matcher(representation);
        while (matcher.find()) {
            long duration = Long.parseLong(matcher.group(1));
            int repeat = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
            for (int i = 0; i <= repeat; i++) {
                result.add(duration);
            }
        }
        return result;
    }
}
