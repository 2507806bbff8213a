package dev.vodflow.upload.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vodflow.events.VideoUploaded.Origin;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadsTests {

    private static Upload multipart(long size, long partSize, int partCount) {
        return new Upload(
                "v",
                "alice",
                "t",
                "f.mp4",
                "video/mp4",
                size,
                "input/v/source",
                Origin.API,
                "mp-1",
                partSize,
                partCount,
                UploadState.AWAITING_UPLOAD,
                null,
                null,
                null,
                null,
                Instant.EPOCH,
                Instant.MAX,
                null,
                null,
                null);
    }

    @Test
    void everyPartButTheLastHasThePartSize() {
        Upload upload = multipart(11, 5, 3);

        assertThat(Uploads.partLength(upload, 1)).isEqualTo(5);
        assertThat(Uploads.partLength(upload, 2)).isEqualTo(5);
        assertThat(Uploads.partLength(upload, 3)).isEqualTo(1);
    }

    @Test
    void anExactMultipleEndsWithAFullPart() {
        assertThat(Uploads.partLength(multipart(10, 5, 2), 2)).isEqualTo(5);
    }

    @Test
    void watchFolderTitlesAreTheFileNameWithoutExtension() {
        assertThat(Uploads.titleOf("Surfing at dawn.mov")).isEqualTo("Surfing at dawn");
        assertThat(Uploads.titleOf("my clip+final é.tar.mp4")).isEqualTo("my clip+final é.tar");
        assertThat(Uploads.titleOf(".hidden")).isEqualTo(".hidden");
        assertThat(Uploads.titleOf("noextension")).isEqualTo("noextension");
    }

    @Test
    void contentTypesAreComparedWithoutParametersOrCase() {
        assertThat(Uploads.bareContentType("Video/MP4; codecs=avc1")).isEqualTo("video/mp4");
    }

    @Test
    void metadataValuesArePercentEncodedBecauseHeadersAreAscii() {
        assertThat(ObjectStore.encode("surf dawn+final é.mov")).isEqualTo("surf%20dawn%2Bfinal%20%C3%A9.mov");
    }
}
