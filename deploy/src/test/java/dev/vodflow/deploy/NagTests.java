package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

class NagTests {

    @Test
    void awsSolutionsChecksReportNoUnsuppressedError() {
        List<SynthesisMessage> errors =
                Annotations.fromStack(Synthesized.stack()).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors.stream().map(NagTests::describe).toList()).isEmpty();
    }

    static String describe(SynthesisMessage message) {
        return message.getId() + ": " + message.getEntry().getData();
    }
}
