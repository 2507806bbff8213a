package dev.vodflow.deploy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * Synthesises the app into {@code cdk.out} (or the directory given as the first argument). Runs offline: every
 * account-specific value is a stack parameter, and images are referenced by repository and tag.
 */
public final class VodflowApp {

    static final String STACK_NAME = "vodflow";

    /** The region when neither {@code -c region=...} nor {@code CDK_DEFAULT_REGION} names one. */
    static final String DEFAULT_REGION = "us-east-1";

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "cdk.out");
        App app = new App(AppProps.builder().outdir(out.toString()).build());
        build(app);
        app.synth();
    }

    /** The app's stacks, checked by cdk-nag; the tests build the same. */
    static VodflowStack build(App app) {
        VodflowStack stack = new VodflowStack(
                app,
                STACK_NAME,
                StackProps.builder()
                        // The region is fixed at synth (the load balancer's log delivery principal differs per
                        // region); the account is not, so one template serves every account.
                        .env(Environment.builder().region(region(app)).build())
                        .description("vodflow video platform: storage, pipeline, Kafka, databases, services, CDN")
                        .build());
        Suppressions.apply(stack);
        Aspects.of(app).add(new AwsSolutionsChecks());
        return stack;
    }

    private static String region(App app) {
        Object fromContext = app.getNode().tryGetContext("region");
        if (fromContext != null && !fromContext.toString().isBlank()) {
            return fromContext.toString();
        }
        String fromCli = System.getenv("CDK_DEFAULT_REGION");
        return fromCli == null || fromCli.isBlank() ? DEFAULT_REGION : fromCli;
    }

    private VodflowApp() {}
}
