package dev.vodflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTests {

    @Test
    void sameObjectVersionGivesTheSameId() {
        String first = EventIds.videoUploaded("media", "input/a b/source", "\"abc\"");
        String again = EventIds.videoUploaded("media", "input/a b/source", "abc");
        assertThat(again).isEqualTo(first);
        assertThat(UUID.fromString(first).version()).isEqualTo(5);
    }

    @Test
    void differentEtagBucketOrKeyGivesAnotherId() {
        String id = EventIds.videoUploaded("media", "input/x/source", "abc");
        assertThat(EventIds.videoUploaded("media", "input/x/source", "abd")).isNotEqualTo(id);
        assertThat(EventIds.videoUploaded("other", "input/x/source", "abc")).isNotEqualTo(id);
        assertThat(EventIds.videoUploaded("media", "input/y/source", "abc")).isNotEqualTo(id);
    }

    @Test
    void partsCannotBeShiftedIntoEachOther() {
        assertThat(EventIds.nameBased("ab", "c")).isNotEqualTo(EventIds.nameBased("a", "bc"));
    }

    @Test
    void matchesTheRfcAlgorithm() {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com" give this version 5 UUID.
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(EventIds.uuidV5(dns, "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }
}
