package dev.vodflow.transcode.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FfprobeOutputTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsSizeAudioAndDuration() {
        SourceMedia media = FfprobeOutput.parse(json, """
                {"streams":[{"codec_type":"video","width":1280,"height":720,"duration":"4.000"},
                            {"codec_type":"audio","duration":"4.010"}],
                 "format":{"duration":"4.010000","format_name":"mov,mp4,m4a,3gp,3g2,mj2"}}""");

        assertThat(media).isEqualTo(new SourceMedia(1280, 720, 0, true, true, 4010));
    }

    @Test
    void readsRotationFromTheDisplayMatrix() {
        SourceMedia media = FfprobeOutput.parse(json, """
                {"streams":[{"codec_type":"video","width":1920,"height":1080,
                             "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]}],
                 "format":{"duration":"2.0"}}""");

        assertThat(media.displayWidth()).isEqualTo(1080);
        assertThat(media.displayHeight()).isEqualTo(1920);
    }

    @Test
    void coverArtDoesNotMakeAnMp3AVideo() {
        SourceMedia media = FfprobeOutput.parse(json, """
                {"streams":[{"codec_type":"audio"},
                            {"codec_type":"video","width":500,"height":500,"disposition":{"attached_pic":1}}],
                 "format":{"duration":"3.5"}}""");

        assertThat(media.hasVideo()).isFalse();
        assertThat(media.hasAudio()).isTrue();
        assertThat(media.durationMs()).isEqualTo(3500);
    }

    @Test
    void noStreamsIsNotMedia() {
        assertThatThrownBy(() -> FfprobeOutput.parse(json, "{\"streams\":[],\"format\":{}}"))
                .isInstanceOfSatisfying(
                        SourceRefusedException.class, e -> assertThat(e.code()).isEqualTo("SOURCE_NOT_MEDIA"));
    }

    @Test
    void networkTroubleIsTransientAndGarbageIsRefused() {
        assertThat(FfprobeMediaProbe.classify("http://127.0.0.1:1/x: Connection refused"))
                .isInstanceOf(TransientException.class);
        RuntimeException garbage = FfprobeMediaProbe.classify(
                "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found\nhttp://host/input/x?X-Amz-Signature=abc: Invalid data found when processing input");
        assertThat(garbage).isInstanceOf(SourceRefusedException.class);
        assertThat(garbage.getMessage())
                .contains("Invalid data found when processing input")
                .doesNotContain("Signature");
    }
}
