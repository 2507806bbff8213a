package dev.vodflow.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.notification.egress.EgressProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTests {

    @Test
    void defaultScheduleSpansMoreThanADay() {
        Duration total = DeliveryProperties.DEFAULT_SCHEDULE.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(total).isGreaterThanOrEqualTo(Duration.ofHours(24));
        assertThat(new DeliveryProperties(null, null, null, null, null, null, null, null).attemptsAllowed())
                .isEqualTo(8);
    }

    @Test
    void jitterOnlyAddsSoTheScheduleIsALowerBound() {
        RetrySchedule lowest = new RetrySchedule(List.of(Duration.ofMinutes(10)), 0.1, () -> 0.0);
        RetrySchedule highest = new RetrySchedule(List.of(Duration.ofMinutes(10)), 0.1, () -> 0.999);

        assertThat(lowest.delayAfter(1)).contains(Duration.ofMinutes(10));
        assertThat(highest.delayAfter(1).orElseThrow())
                .isGreaterThan(Duration.ofMinutes(10))
                .isLessThan(Duration.ofMinutes(11));
    }

    @Test
    void noRetryOnceTheScheduleIsUsedUp() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)), 0, () -> 0.5);

        assertThat(schedule.delayAfter(1)).contains(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(2)).contains(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(3)).isEmpty();
    }

    @Test
    void refusesNonsenseSettingsByName() {
        assertThatThrownBy(() -> new DeliveryProperties(4, 8, null, null, null, null, null, null))
                .hasMessageContaining("per-endpoint-concurrency");
        assertThatThrownBy(
                        () -> new DeliveryProperties(null, null, null, null, List.of(Duration.ZERO), null, null, null))
                .hasMessageContaining("retry-schedule");
        assertThatThrownBy(() -> new DeliveryProperties(null, null, null, null, null, null, Duration.ZERO, null))
                .hasMessageContaining("retention must be positive");
        assertThatThrownBy(
                        () -> new DeliveryProperties(null, null, null, null, null, null, null, Duration.ofSeconds(-1)))
                .hasMessageContaining("retention-sweep");
    }

    @Test
    void theLeaseMustOutlastTheAttemptsAClaimedDeliveryMayWaitFor() {
        // default egress: 5 s to connect and 15 s for the answer; a claimed delivery may wait for one such attempt
        EgressProperties egress = new EgressProperties(null, null, null, null);
        DeliveryProperties tooShort =
                new DeliveryProperties(null, null, null, Duration.ofSeconds(30), null, null, null, null);
        assertThatThrownBy(() -> new DeliveryDispatcher(null, null, null, tooShort, egress))
                .hasMessageContaining("vodflow.notification.delivery.lease (PT30S) must exceed 2 times")
                .hasMessageContaining("request-timeout (PT40S)");
        DeliveryProperties exactly =
                new DeliveryProperties(null, null, null, Duration.ofSeconds(40), null, null, null, null);
        assertThatThrownBy(() -> new DeliveryDispatcher(null, null, null, exactly, egress))
                .hasMessageContaining("must exceed");

        DeliveryProperties justOver =
                new DeliveryProperties(null, null, null, Duration.ofSeconds(41), null, null, null, null);
        assertThat(new DeliveryDispatcher(null, null, null, justOver, egress).isRunning())
                .isFalse();
    }

    @Test
    void outcomesFollowTheStatusCode() {
        assertThat(AttemptOutcome.ofStatus(200)).isEqualTo(AttemptOutcome.SUCCEEDED);
        assertThat(AttemptOutcome.ofStatus(204)).isEqualTo(AttemptOutcome.SUCCEEDED);
        assertThat(AttemptOutcome.ofStatus(301)).isEqualTo(AttemptOutcome.FAILED);
        assertThat(AttemptOutcome.ofStatus(410)).isEqualTo(AttemptOutcome.GONE);
        assertThat(AttemptOutcome.ofStatus(500)).isEqualTo(AttemptOutcome.FAILED);
    }

    @Test
    void messageIdIsStablePerEventAndEndpoint() {
        java.util.UUID endpoint = java.util.UUID.randomUUID();
        assertThat(Deliveries.messageId("event-1", endpoint)).isEqualTo(Deliveries.messageId("event-1", endpoint));
        assertThat(Deliveries.messageId("event-1", endpoint))
                .isNotEqualTo(Deliveries.messageId("event-2", endpoint))
                .isNotEqualTo(Deliveries.messageId("event-1", java.util.UUID.randomUUID()));
    }
}
