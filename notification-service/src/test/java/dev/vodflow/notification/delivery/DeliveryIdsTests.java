package dev.vodflow.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeliveryIdsTests {

    private static final long MILLIS = 1_796_567_400_123L; // 2026-12-06T14:30:00.123Z

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        UUID id = Deliveries.timeOrderedId(MILLIS);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562 (the IETF variant, 10xx)
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(MILLIS);
        assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", MILLIS >>> 16, MILLIS & 0xFFFF));
    }

    @Test
    void idsOfALaterMillisecondSortAfterThoseOfAnEarlierOne() {
        List<UUID> earlier = new ArrayList<>();
        List<UUID> later = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            earlier.add(Deliveries.timeOrderedId(MILLIS));
            later.add(Deliveries.timeOrderedId(MILLIS + 1));
        }
        // PostgreSQL orders uuid by its bytes, unsigned; so does this comparison of the strings.
        String lastEarlier =
                earlier.stream().map(UUID::toString).max(String::compareTo).orElseThrow();
        String firstLater =
                later.stream().map(UUID::toString).min(String::compareTo).orElseThrow();
        assertThat(firstLater).isGreaterThan(lastEarlier);
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        HashSet<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Deliveries.timeOrderedId(MILLIS));
        }
        assertThat(ids).hasSize(10_000);
    }
}
