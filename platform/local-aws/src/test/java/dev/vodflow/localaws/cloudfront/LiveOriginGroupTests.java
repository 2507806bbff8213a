package dev.vodflow.localaws.cloudfront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveOriginGroupTests {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:10Z");

    private final Map<String, LiveOriginGroup.Fetched> objects = new HashMap<>();
    private final Map<String, String> failing = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final LiveOriginGroup group = new LiveOriginGroup((key, range) -> {
        asked.add(key);
        if (failing.containsKey(key)) {
            throw new LiveOriginGroup.OriginFailure(failing.get(key), null);
        }
        return objects.get(key);
    });

    @Test
    void theFreshPrimaryAnswersAndTheSecondaryIsNotAsked() throws Exception {
        playlist("live-a/ch/master_360p.m3u8", "2026-12-01T12:00:09Z", false);
        playlist("live-b/ch/master_360p.m3u8", "2026-12-01T12:00:09Z", false);

        assertThat(group.get("live/ch/master_360p.m3u8", null, NOW).key()).isEqualTo("live-a/ch/master_360p.m3u8");
        assertThat(asked).containsExactly("live-a/ch/master_360p.m3u8");
    }

    @Test
    void aMissingOrFailingPrimaryFailsOverPerRequest() throws Exception {
        object("live-b/ch/master_360p_7.ts");
        object("live-b/ch/master_360p_8.ts");
        object("live-a/ch/master_360p_8.ts");
        failing.put("live-a/ch/master_360p_8.ts", "503");

        assertThat(group.get("live/ch/master_360p_7.ts", null, NOW).key()).isEqualTo("live-b/ch/master_360p_7.ts");
        assertThat(group.get("live/ch/master_360p_8.ts", null, NOW).key()).isEqualTo("live-b/ch/master_360p_8.ts");
    }

    @Test
    void aPlaylistWhoseNextSegmentIsOverdueGivesWayToTheSecondaryWithANewerOne() throws Exception {
        // A's newest segment 12:00:07-12:00:08, B's 12:00:08-12:00:09
        playlist("live-a/ch/master_360p.m3u8", "2026-12-01T12:00:07Z", false);
        playlist("live-b/ch/master_360p.m3u8", "2026-12-01T12:00:08Z", false);

        // A's next segment was due at 12:00:09, one target duration after its newest ended: B serves
        assertThat(group.get("live/ch/master_360p.m3u8", null, Instant.parse("2026-12-01T12:00:09.200Z"))
                        .key())
                .isEqualTo("live-b/ch/master_360p.m3u8");
        // before that A is fresh, and B is not asked
        asked.clear();
        assertThat(group.get("live/ch/master_360p.m3u8", null, Instant.parse("2026-12-01T12:00:08.900Z"))
                        .key())
                .isEqualTo("live-a/ch/master_360p.m3u8");
        assertThat(asked).containsExactly("live-a/ch/master_360p.m3u8");
    }

    @Test
    void twoPlaylistsEquallyLateGiveThePrimary() throws Exception {
        playlist("live-a/ch/master_360p.m3u8", "2026-12-01T12:00:07Z", false);
        playlist("live-b/ch/master_360p.m3u8", "2026-12-01T12:00:07Z", false);

        assertThat(group.get("live/ch/master_360p.m3u8", null, NOW).key()).isEqualTo("live-a/ch/master_360p.m3u8");
    }

    @Test
    void anEndedPlaylistIsNeverStaleAndTwoStaleOnesGiveTheFresherOne() throws Exception {
        playlist("live-a/ended/master_360p.m3u8", "2026-12-01T11:00:00Z", true);
        playlist("live-a/ch/master_360p.m3u8", "2026-12-01T12:00:01Z", false);
        playlist("live-b/ch/master_360p.m3u8", "2026-12-01T12:00:03Z", false);

        assertThat(group.get("live/ended/master_360p.m3u8", null, NOW).key())
                .isEqualTo("live-a/ended/master_360p.m3u8");
        assertThat(group.get("live/ch/master_360p.m3u8", null, NOW).key()).isEqualTo("live-b/ch/master_360p.m3u8");
    }

    @Test
    void nothingAnywhereIsNotFoundUnlessAnOriginFailed() {
        failing.put("live-b/ch/x.ts", "timeout");

        assertThatThrownBy(() -> group.get("live/ch/x.ts", null, NOW))
                .isInstanceOf(LiveOriginGroup.OriginFailure.class)
                .hasMessage("timeout");
        assertThat(asked).containsExactly("live-a/ch/x.ts", "live-b/ch/x.ts");
    }

    @Test
    void nothingAnywhereIsNotFound() throws Exception {
        assertThat(group.get("live/ch/x.ts", null, NOW)).isNull();
    }

    private void playlist(String key, String newestSegment, boolean ended) {
        String text = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:7\n"
                + "#EXT-X-PROGRAM-DATE-TIME:" + Instant.parse(newestSegment).minusSeconds(1)
                + "\n#EXTINF:1.000,\nx_7.ts\n"
                + "#EXT-X-PROGRAM-DATE-TIME:" + newestSegment + "\n#EXTINF:1.000,\nx_8.ts\n"
                + (ended ? "#EXT-X-ENDLIST\n" : "");
        objects.put(
                key,
                new LiveOriginGroup.Fetched(
                        key, text.getBytes(StandardCharsets.UTF_8), "application/vnd.apple.mpegurl", null, null, null));
    }

    private void object(String key) {
        objects.put(key, new LiveOriginGroup.Fetched(key, new byte[] {1}, "video/mp2t", null, null, null));
    }
}
