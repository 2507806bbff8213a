package dev.vodflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WebhookFanOutTests {

    /**
     * 20 deliveries of events published over 50 ms from t = 1,000: the first two (a tenth) by 1,200, the middle
     * sixteen (the 3rd to the 18th) from 1,300 to 1,450, the last two by 1,650. Given out of order, as the receiver's
     * threads may add them.
     */
    @Test
    void theCourseTellsTheFirstTenthTheMiddleAndTheLastTenthApart() {
        long[] events = new long[20];
        long[] arrived = new long[20];
        for (int i = 0; i < 20; i++) {
            events[i] = 1_050 - (i * 50L / 19);
        }
        arrived[0] = 1_150;
        arrived[1] = 1_200;
        for (int i = 2; i < 18; i++) {
            arrived[i] = 1_300 + (i - 2) * 10L;
        }
        arrived[18] = 1_600;
        arrived[19] = 1_650;
        reverse(arrived);

        WebhookFanOut.Course course = WebhookFanOut.Course.of(events, arrived);

        assertThat(course.publishedOverMillis()).isEqualTo(50);
        assertThat(course.firstAfterMillis()).isEqualTo(150);
        // two deliveries by 200 ms after the first event
        assertThat(course.firstTenthPerSecond()).isCloseTo(2 * 1000.0 / 200, within(1e-9));
        // from the 3rd (1,300) to the 18th (1,450) arrival: 15 intervals in 150 ms
        assertThat(course.middlePerSecond()).isCloseTo(15 * 1000.0 / 150, within(1e-9));
        // from the 18th to the 20th: 2 in 200 ms
        assertThat(course.lastTenthPerSecond()).isCloseTo(2 * 1000.0 / 200, within(1e-9));
        assertThat(course.describe())
                .contains("published over 50 ms", "150 ms after the first event", "middle eight tenths 100");
    }

    @Test
    void deliveriesInTheSameMillisecondCountAsOneMillisecondNotAsNoTime() {
        long[] events = new long[10];
        long[] arrived = new long[10];
        Arrays.fill(events, 5);
        Arrays.fill(arrived, 5);

        WebhookFanOut.Course course = WebhookFanOut.Course.of(events, arrived);

        assertThat(course.firstAfterMillis()).isZero();
        // seven intervals from the 2nd to the 9th arrival, in what counts as one millisecond
        assertThat(course.middlePerSecond()).isEqualTo(7_000.0);
    }

    @Test
    void fewerThanTenDeliveriesHaveNoTenths() {
        assertThatThrownBy(() -> WebhookFanOut.Course.of(new long[9], new long[9]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 9");
    }

    private static void reverse(long[] values) {
        for (int i = 0, j = values.length - 1; i < j; i++, j--) {
            long swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
