package dev.vodflow.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.upload.media.MediaContainer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class UploadPropertiesTests {

    private static UploadProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("vodflow.upload", UploadProperties.class);
    }

    @Test
    void defaultsAcceptEveryKnownContainer() {
        UploadProperties settings = bind(Map.of());

        assertThat(settings.allowedContainers()).containsExactlyInAnyOrder(MediaContainer.values());
        assertThat(settings.partSize().toMegabytes()).isEqualTo(16);
        assertThat(settings.notifications().waitTime()).hasSeconds(20);
    }

    @Test
    void refusesPartsSmallerThanS3Allows() {
        assertThatThrownBy(() -> bind(Map.of("vodflow.upload.part-size", "1MB")))
                .hasRootCauseMessage("vodflow.upload.part-size must be at least 5MB (the S3 minimum), was 1048576B");
    }

    @Test
    void refusesAWaitLongerThanSqsLongPollingAllows() {
        assertThatThrownBy(() -> bind(Map.of("vodflow.upload.notifications.wait-time", "30s")))
                .rootCause()
                .hasMessageContaining("vodflow.upload.notifications.wait-time");
    }

    @Test
    void refusesAVisibilityExtensionThatComesTooLate() {
        assertThatThrownBy(() -> bind(Map.of(
                        "vodflow.upload.notifications.visibility-timeout", "30s",
                        "vodflow.upload.notifications.visibility-extension-interval", "30s")))
                .rootCause()
                .hasMessageContaining("visibility-extension-interval");
    }
}
