package dev.vodflow.localaws.medialive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TimelineTests {

    private static final long SECOND = 1000;

    @Test
    void theFirstPeriodNumbersSegmentsByEpochSecondsFromTheFirstWholeOne() {
        Timeline timeline = new Timeline(SECOND);
        timeline.open(1_700_000_000_300L);

        assertThat(timeline.firstSequence()).hasValue(1_700_000_001L);
        assertThat(timeline.sequence(1_700_000_001_000L)).hasValue(1_700_000_001L);
        assertThat(timeline.sequence(1_700_000_042_000L)).hasValue(1_700_000_042L);
        // the partial segment the publisher started in, and anything off the grid, has no number
        assertThat(timeline.sequence(1_700_000_000_000L)).isEmpty();
        assertThat(timeline.sequence(1_700_000_042_500L)).isEmpty();
    }

    @Test
    void aReconnectContinuesTheNumberingWithoutAGapAfterADiscontinuity() {
        Timeline timeline = new Timeline(2 * SECOND);
        timeline.open(10_500);
        // whole segments start at 12 000, 14 000, 16 000; the last frame at 19 900 ends the period at 18 000
        timeline.close(19_900);
        timeline.open(31_000);

        assertThat(timeline.sequence(16_000)).hasValue(8);
        assertThat(timeline.sequence(18_000)).isEmpty();
        assertThat(timeline.sequence(32_000)).hasValue(9);
        assertThat(timeline.sequence(34_000)).hasValue(10);
        assertThat(timeline.startsPeriodAfterReconnect(9)).isTrue();
        assertThat(timeline.startsPeriodAfterReconnect(8)).isFalse();
        assertThat(timeline.discontinuitiesThrough(8)).isZero();
        assertThat(timeline.discontinuitiesThrough(9)).isEqualTo(1);
    }

    @Test
    void aPeriodWithoutAWholeSegmentLeavesNoTrace() {
        Timeline timeline = new Timeline(SECOND);
        timeline.open(5_100);
        timeline.close(6_900);
        timeline.open(9_200);

        assertThat(timeline.sequence(6_000)).isEmpty();
        assertThat(timeline.sequence(10_000)).hasValue(6);
        assertThat(timeline.firstSequence()).isEqualTo(OptionalLong.of(6));
        assertThat(timeline.startsPeriodAfterReconnect(6)).isFalse();
    }
}
