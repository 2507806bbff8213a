package dev.vodflow.catalog.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublicTitleSampleTests {

    /** The pieces of a search the title's index can be asked for alone: letters and digits, three or more, as written. */
    @Test
    void aSearchsWordsAreItsRunsOfThreeLettersOrDigitsOrMore() {
        assertThat(PublicTitleSample.words("Benchmark video 54321")).containsExactly("Benchmark", "video", "54321");
        assertThat(PublicTitleSample.words("a bc-def_GHIJ 12")).containsExactly("def", "GHIJ");
        assertThat(PublicTitleSample.words("%_\\ ab")).isEmpty();
        assertThat(PublicTitleSample.words("Ärger über Öl")).containsExactly("Ärger", "über");
    }
}
