package dev.vodflow.live;

import dev.vodflow.testsupport.ServiceRules;
import org.junit.jupiter.api.Test;

/** The dependency rules every service keeps (platform/test-support's {@link ServiceRules}). */
class ArchitectureTests {

    private final ServiceRules rules = ServiceRules.of(LiveServiceApplication.class);

    @Test
    void usesNoOtherServiceNorTheLocalStandIns() {
        rules.usesNoOtherServiceNorTheLocalStandIns();
    }

    @Test
    void featurePackagesHaveNoCycles() {
        rules.featurePackagesHaveNoCycles();
    }

    @Test
    void packagesAreFeaturesNotLayers() {
        rules.packagesAreFeaturesNotLayers();
    }

    @Test
    void eventContractsDependOnTheJdkOnly() {
        rules.eventContractsDependOnTheJdkOnly();
    }
}
