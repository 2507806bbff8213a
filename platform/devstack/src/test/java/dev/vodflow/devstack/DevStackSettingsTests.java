package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevStackSettingsTests {

    @Test
    void defaultsWorkOnAFreshMachine() {
        DevStackSettings settings = DevStackSettings.from(Map.of(), name -> null);
        assertThat(settings.dataDirectory()).isEqualTo(Path.of(".devstack"));
        assertThat(settings.postgresUrl()).isNull();
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.s3Port()).isEqualTo(9000);
        assertThat(settings.sqsPort()).isEqualTo(9324);
    }

    @Test
    void systemPropertyWinsOverEnvironment() {
        DevStackSettings settings = DevStackSettings.from(
                Map.of("VODFLOW_DATA_DIR", "/from/env", "VODFLOW_KAFKA_PORT", "19092"),
                name -> name.equals("vodflow.data.dir") ? "/from/property" : null);
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/from/property"));
        assertThat(settings.kafkaPort()).isEqualTo(19092);
    }

    @Test
    void badPortNamesTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DevStackSettings.from(Map.of("VODFLOW_S3_PORT", "ninety"), name -> null))
                .withMessageContaining("VODFLOW_S3_PORT")
                .withMessageContaining("ninety");
    }
}
