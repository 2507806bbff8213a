package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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

    @Test
    void likePatternCharactersAreSearchedLiterally() {
        assertThat(VideoQueries.escapeLike("100%_a\\b")).isEqualTo("100\\%\\_a\\\\b");
    }
}
