package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.localaws.mediaconvert.CmafManifests.NumberedNames;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CmafManifestsTests {

    @Test
    void numberedSegmentNamesBecomeTheTemplateThatYieldsExactlyThem() {
        List<String> names = List.of("master_720p_00001.cmfv", "master_720p_00002.cmfv", "master_720p_00003.cmfv");

        NumberedNames numbered = NumberedNames.of(names);

        assertThat(numbered.media()).isEqualTo("master_720p_$Number%05d$.cmfv");
        assertThat(numbered.startNumber()).isEqualTo(1);
        assertThat(LongStream.rangeClosed(1, 3).mapToObj(numbered::name)).containsExactlyElementsOf(names);
    }

    @Test
    void theTemplateKeepsCountingPastItsPadding() {
        NumberedNames numbered = NumberedNames.of(List.of("a_99999.cmfa", "a_100000.cmfa"));

        assertThat(numbered.media()).isEqualTo("a_$Number%05d$.cmfa");
        assertThat(numbered.name(100_000)).isEqualTo("a_100000.cmfa");
    }

    @Test
    void aDollarOrSpaceInTheBaseNameIsEncodedAndCannotBeReadAsATemplateIdentifier() {
        NumberedNames numbered = NumberedNames.of(List.of("cost $5 clip_00001.cmfv", "cost $5 clip_00002.cmfv"));

        assertThat(numbered.media()).isEqualTo("cost%20%245%20clip_$Number%05d$.cmfv");
    }

    @Test
    void namesThatSkipANumberAreRefused() {
        assertThatThrownBy(() -> NumberedNames.of(List.of("v_00001.cmfv", "v_00003.cmfv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v_00003.cmfv")
                .hasMessageContaining("v_00002.cmfv");
    }

    @Test
    void unnumberedOrMissingSegmentsAreRefused() {
        assertThatThrownBy(() -> NumberedNames.of(List.of("segment.cmfv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not numbered");
        assertThatThrownBy(() -> NumberedNames.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
