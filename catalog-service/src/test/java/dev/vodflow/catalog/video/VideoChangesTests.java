package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.events.Visibility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class VideoChangesTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void absentFieldsStayAndNullDescriptionClears() {
        VideoChanges changes = parse("{\"visibility\":\"PUBLIC\",\"description\":null}");

        assertThat(changes.title()).isEmpty();
        assertThat(changes.visibility()).contains(Visibility.PUBLIC);
        assertThat(changes.descriptionChanged()).isTrue();
        assertThat(changes.description()).isNull();
    }

    @Test
    void downloadableIsTrueOrFalseAndNothingElse() {
        assertThat(parse("{\"downloadable\":true}").downloadable()).contains(true);
        assertThat(parse("{\"downloadable\":false}").downloadable()).contains(false);
        assertThat(parse("{\"title\":\"x\"}").downloadable()).isEmpty();
        assertThatThrownBy(() -> parse("{\"downloadable\":\"yes\"}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::message)
                        .containsExactly("must be true or false"));
    }

    @Test
    void titleIsTrimmed() {
        assertThat(parse("{\"title\":\"  Surf  \"}").title()).contains("Surf");
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThatThrownBy(() ->
                        parse("{\"title\":\" \",\"visibility\":\"SECRET\",\"owner\":\"bob\"," + "\"description\":5}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::field)
                        .containsExactlyInAnyOrder("title", "visibility", "owner", "description"));
    }

    @Test
    void overlongTitleIsRefused() {
        assertThatThrownBy(() -> parse("{\"title\":\"" + "x".repeat(201) + "\"}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at most 200");
    }

    @Test
    void nonObjectBodyIsRefused() {
        assertThatThrownBy(() -> parse("[1]")).isInstanceOf(InvalidRequestException.class);
    }

    private VideoChanges parse(String body) {
        return VideoChanges.parse(json.readTree(body));
    }
}
