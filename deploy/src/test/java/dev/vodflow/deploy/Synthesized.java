package dev.vodflow.deploy;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** The app, built and synthesised once per test JVM: jsii makes each synthesis take seconds. */
final class Synthesized {

    private static VodflowStack stack;
    private static Template template;

    static synchronized VodflowStack stack() {
        if (stack == null) {
            stack = VodflowApp.build(new App());
            template = Template.fromStack(stack);
        }
        return stack;
    }

    static Template template() {
        stack();
        return template;
    }

    private Synthesized() {}
}
