package dev.vodflow.localaws.cloudfront;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaFilesTests {

    @Test
    void aLivePlaylistIsCachedForOneSecondOnly() {
        assertThat(MediaFiles.cacheControl("live/ch_1/master_360p.m3u8")).isEqualTo("max-age=1");
    }

    @Test
    void aVideosPlaylistKeepsItsLongerLifetime() {
        assertThat(MediaFiles.cacheControl("output/v1/hls/master.m3u8")).isEqualTo("max-age=2");
    }

    @Test
    void aLiveSegmentIsImmutableLikeAnyOther() {
        assertThat(MediaFiles.cacheControl("live/ch_1/master_360p_000042.ts"))
                .isEqualTo("public, max-age=31536000, immutable");
    }

    @Test
    void aDashManifestLivesAsShortAsAPlaylistAndCmafSegmentsAreImmutable() {
        assertThat(MediaFiles.cacheControl("output/v1/cmaf/master.mpd")).isEqualTo("max-age=2");
        assertThat(MediaFiles.cacheControl("output/v1/cmaf/master_720p_00001.cmfv"))
                .isEqualTo("public, max-age=31536000, immutable");
        assertThat(MediaFiles.cacheControl("output/v1/cmaf/master_audio_init.cmfa"))
                .isEqualTo("public, max-age=31536000, immutable");
        assertThat(MediaFiles.contentType("output/v1/cmaf/master.mpd", "application/octet-stream"))
                .isEqualTo("application/dash+xml");
    }
}
