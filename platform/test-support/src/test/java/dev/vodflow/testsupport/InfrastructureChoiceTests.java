package dev.vodflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.vodflow.testsupport.InfrastructureChoice.Kind;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InfrastructureChoiceTests {

    private static final List<String> PODMAN = List.of("unix:///run/podman/podman.sock");

    @Test
    void autoWithoutAnyDockerEndpointStaysInJvmWithoutAskingDocker() {
        AtomicBoolean asked = new AtomicBoolean();
        InfrastructureChoice choice = InfrastructureChoice.resolve("auto", List::of, endpoints -> {
            asked.set(true);
            return true;
        });

        assertThat(choice.kind()).isEqualTo(Kind.IN_JVM);
        assertThat(choice.reason()).contains("no Docker API");
        assertThat(asked).isFalse();
    }

    @Test
    void autoUsesContainersWhenTheConfiguredDockerApiAnswers() {
        InfrastructureChoice choice = InfrastructureChoice.resolve("auto", () -> PODMAN, endpoints -> true);

        assertThat(choice.kind()).isEqualTo(Kind.CONTAINERS);
        assertThat(choice.reason()).contains("unix:///run/podman/podman.sock");
    }

    @Test
    void autoStaysInJvmWhenTheConfiguredDockerApiDoesNotAnswer() {
        InfrastructureChoice choice = InfrastructureChoice.resolve("", () -> PODMAN, endpoints -> false);

        assertThat(choice.kind()).isEqualTo(Kind.IN_JVM);
        assertThat(choice.reason()).contains("no Docker API answers");
    }

    @Test
    void thePropertyForcesEitherWithoutAskingDocker() {
        AtomicBoolean asked = new AtomicBoolean();

        assertThat(InfrastructureChoice.resolve(" Containers ", List::of, endpoints -> asked.getAndSet(true))
                        .kind())
                .isEqualTo(Kind.CONTAINERS);
        assertThat(InfrastructureChoice.resolve("in-jvm", () -> PODMAN, endpoints -> asked.getAndSet(true))
                        .kind())
                .isEqualTo(Kind.IN_JVM);
        assertThat(asked).isFalse();
    }

    @Test
    void anUnknownValueNamesTheAllowedOnes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InfrastructureChoice.resolve("docker", List::of, endpoints -> true))
                .withMessageContaining("vodflow.test.infrastructure")
                .withMessageContaining("containers, in-jvm or auto")
                .withMessageContaining("'docker'");
    }
}
