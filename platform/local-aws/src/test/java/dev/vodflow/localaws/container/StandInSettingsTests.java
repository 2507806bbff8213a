package dev.vodflow.localaws.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandInSettingsTests {

    @Test
    void s3ServesOnItsDevStackPortAndSendsNotificationsToTheSqsStandIn() {
        StandInSettings settings = StandInSettings.from(
                new String[] {"s3"},
                Map.of("VODFLOW_SQS_ENDPOINT", "http://sqs:9324/", "VODFLOW_CORS_ORIGINS", "http://localhost:8080, "));

        assertThat(settings.role()).isEqualTo(StandInSettings.Role.S3);
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/var/lib/vodflow"));
        assertThat(settings.corsOrigins()).containsExactly("http://localhost:8080");
        assertThat(settings.queueUrl("s3-events")).isEqualTo("http://sqs:9324/000000000000/s3-events");
    }

    @Test
    void cdnReadsItsKeysFromTheGivenDirectory() {
        StandInSettings settings = StandInSettings.from(
                new String[] {"CDN"},
                Map.of(
                        "VODFLOW_S3_ENDPOINT", "http://s3:9000",
                        "VODFLOW_CDN_KEYS_DIRECTORY", "/etc/vodflow/cdn-keys",
                        "VODFLOW_PORT", "18090"));

        assertThat(settings.port()).isEqualTo(18090);
        assertThat(settings.s3Endpoint()).isEqualTo(URI.create("http://s3:9000"));
        assertThat(settings.cdnKeysDirectory()).isEqualTo(Path.of("/etc/vodflow/cdn-keys"));
    }

    @Test
    void anUnknownRoleIsRefusedWithTheRolesThereAre() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandInSettings.from(new String[] {"kafka"}, Map.of()))
                .withMessage("unknown stand-in 'kafka'; choose one of [sqs, s3, mediaconvert, medialive, cdn]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandInSettings.from(new String[0], Map.of()))
                .withMessageContaining("only argument");
    }

    @Test
    void aMissingEndpointIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandInSettings.from(
                        new String[] {"mediaconvert"}, Map.of("VODFLOW_S3_ENDPOINT", "http://s3:9000")))
                .withMessage("VODFLOW_SQS_ENDPOINT is required by this stand-in and not set");
    }

    @Test
    void aMalformedSettingSaysWhatIsExpected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandInSettings.from(new String[] {"cdn"}, Map.of("VODFLOW_S3_ENDPOINT", "s3:9000")))
                .withMessage("VODFLOW_S3_ENDPOINT must be a URL like http://s3:9000, is 's3:9000'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandInSettings.from(new String[] {"sqs"}, Map.of("VODFLOW_PORT", "70000")))
                .withMessage("VODFLOW_PORT must be a port number (1-65535), is '70000'");
    }
}
