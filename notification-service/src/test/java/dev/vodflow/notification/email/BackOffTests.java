package dev.vodflow.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackOffTests {

    @Test
    void waitsDoubleUpToTheCap() {
        BackOff backOff = new BackOff(Duration.ofSeconds(10), Duration.ofMinutes(1), 0, () -> 0.99);

        assertThat(backOff.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backOff.after(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backOff.after(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backOff.after(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backOff.after(200)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitterOnlyAdds() {
        BackOff none = new BackOff(Duration.ofSeconds(10), Duration.ofMinutes(1), 0.5, () -> 0.0);
        BackOff most = new BackOff(Duration.ofSeconds(10), Duration.ofMinutes(1), 0.5, () -> 1.0);

        assertThat(none.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(most.after(1)).isEqualTo(Duration.ofSeconds(15));
    }
}
