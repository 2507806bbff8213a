package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamInfTests {

    private static final StreamInf.Track VIDEO =
            new StreamInf.Track("master_720p.m3u8", 3_000_000, 2_400_000, "avc1.4d401f", 1280, 720, 29.97);
    private static final StreamInf.Track AUDIO =
            new StreamInf.Track("master_audio.m3u8", 130_000, 128_000, "mp4a.40.2", null, null, 0);

    @Test
    void aVariantThatPlaysWithAnAudioRenditionCountsItsBandwidthAndCodec() {
        StringBuilder master = new StringBuilder();

        StreamInf.append(master, VIDEO, AUDIO, "audio");

        assertThat(master.toString())
                .isEqualTo("#EXT-X-STREAM-INF:BANDWIDTH=3130000,AVERAGE-BANDWIDTH=2528000,"
                        + "CODECS=\"avc1.4d401f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=29.970,AUDIO=\"audio\"\n"
                        + "master_720p.m3u8\n");
    }

    @Test
    void aVariantWithItsOwnSoundOrNoPicturesSaysOnlyWhatItHas() {
        StringBuilder master = new StringBuilder();

        StreamInf.append(
                master,
                new StreamInf.Track("clip 1.m3u8", 900_000, 800_000, "avc1.42c01e,mp4a.40.2", 640, 360, 0),
                null,
                null);
        StreamInf.append(master, AUDIO, null, null);

        assertThat(master.toString())
                .isEqualTo("#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,"
                        + "CODECS=\"avc1.42c01e,mp4a.40.2\",RESOLUTION=640x360\nclip%201.m3u8\n"
                        + "#EXT-X-STREAM-INF:BANDWIDTH=130000,AVERAGE-BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\n"
                        + "master_audio.m3u8\n");
    }

    @Test
    void anAudioRenditionNeedsItsGroup() {
        assertThatThrownBy(() -> StreamInf.append(new StringBuilder(), VIDEO, AUDIO, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
