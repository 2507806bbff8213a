package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTests {

    @Test
    void cursorSurvivesTheRoundTripWithMicroseconds() {
        Cursor cursor = new Cursor(Instant.parse("2026-11-22T10:15:30.123456Z"), "01J:with:colons");

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void foreignCursorIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> Cursor.decode("not-ours"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::field)
                        .containsExactly("cursor"));
    }

    /** Cursors no page returned, which PostgreSQL would refuse: a time beyond its range, a NUL in the id. */
    @Test
    void forgedCursorsThatTheDatabaseWouldFailOnAreRefused() {
        for (String raw : List.of("v1:99999999999999:0:abc", "v1:-99999999999999:0:abc", "v1:1700000000:0:a\0b")) {
            String forged = Base64.getUrlEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> Cursor.decode(forged))
                    .as(raw)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                            .extracting(InvalidRequestException.FieldError::field)
                            .containsExactly("cursor"));
        }
        // the ends of the range a creation time may have
        for (Instant createdAt :
                List.of(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"))) {
            Cursor cursor = new Cursor(createdAt, "v-1");
            assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
        }
    }

    @Test
    void likePatternCharactersAreSearchedLiterally() {
        assertThat(VideoQueries.escapeLike("100%_a\\b")).isEqualTo("100\\%\\_a\\\\b");
    }
}
