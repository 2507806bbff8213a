package dev.vodflow.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedeliveryTests {

    private final List<String> taken = new CopyOnWriteArrayList<>();

    @Test
    void aRefusedDeliveryIsTakenLaterAndThoseAfterItKeepTheirOrder() {
        AtomicInteger refusalsLeft = new AtomicInteger(3);
        try (Redelivery redelivery = quick(Duration.ofHours(1))) {
            for (String status : List.of("SUBMITTED", "PROGRESSING", "COMPLETE")) {
                redelivery.deliver(status, () -> {
                    if (refusalsLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("queue unreachable");
                    }
                    taken.add(status);
                });
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 3);
            assertThat(taken).containsExactly("SUBMITTED", "PROGRESSING", "COMPLETE");
            assertThat(redelivery.waiting()).isZero();
        }
    }

    @Test
    void aDeliveryTheTargetTakesAtOnceIsNotKept() {
        try (Redelivery redelivery = quick(Duration.ofHours(1))) {
            redelivery.deliver("one", () -> taken.add("one"));

            assertThat(taken).containsExactly("one");
            assertThat(redelivery.waiting()).isZero();
        }
    }

    @Test
    void aDeliveryRefusedPastTheLimitIsGivenUpAndNoLongerHoldsUpTheRest() {
        try (Redelivery redelivery = quick(Duration.ZERO)) {
            redelivery.deliver("never", () -> {
                throw new IllegalStateException("queue does not exist");
            });
            assertThat(redelivery.waiting()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(10)).until(() -> redelivery.waiting() == 0);
            redelivery.deliver("next", () -> taken.add("next"));
            assertThat(taken).containsExactly("next");
        }
    }

    @Test
    void closingGivesUpWhatStillWaits() {
        Redelivery redelivery = quick(Duration.ofHours(1));
        redelivery.deliver("refused", () -> {
            throw new IllegalStateException("queue unreachable");
        });

        redelivery.close();

        assertThat(redelivery.waiting()).isZero();
        redelivery.deliver("after close", () -> {
            throw new IllegalStateException("queue unreachable");
        });
        assertThat(redelivery.waiting()).isZero();
    }

    private static Redelivery quick(Duration giveUpAfter) {
        return new Redelivery(
                "test queue", Duration.ofMillis(10), Duration.ofMillis(40), giveUpAfter, Clock.systemUTC());
    }
}
