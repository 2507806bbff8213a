package dev.vodflow.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.vodflow.events.VodflowEvent;
import dev.vodflow.upload.alpha.Alpha;
import dev.vodflow.upload.beta.Beta;
import dev.vodflow.upload.clean.Clean;
import dev.vodflow.upload.controller.UploadController;
import dev.vodflow.upload.standin.UsesStandIn;
import org.junit.jupiter.api.Test;

/** Each rule every service checks fails when broken, so that none of them protects nothing. */
class ServiceRulesTests {

    private static final String UPLOAD = "dev.vodflow.upload";
    private static final JavaClasses EVENTS = new ClassFileImporter()
            .importUrl(VodflowEvent.class.getProtectionDomain().getCodeSource().getLocation());

    private static ServiceRules rules(String root, Class<?>... service) {
        return new ServiceRules(root, new ClassFileImporter().importClasses(service), EVENTS);
    }

    @Test
    void aServiceThatKeepsTheRulesPassesThemAll() {
        ServiceRules rules = rules(UPLOAD, Clean.class);

        assertThatCode(() -> {
                    rules.usesNoOtherServiceNorTheLocalStandIns();
                    rules.featurePackagesHaveNoCycles();
                    rules.packagesAreFeaturesNotLayers();
                    rules.eventContractsDependOnTheJdkOnly();
                })
                .doesNotThrowAnyException();
    }

    @Test
    void usingTheLocalStandInsFails() {
        assertThatThrownBy(() -> rules(UPLOAD, UsesStandIn.class).usesNoOtherServiceNorTheLocalStandIns())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.vodflow.localaws.LocalAws");
    }

    @Test
    void aCycleBetweenFeaturePackagesFails() {
        assertThatThrownBy(() -> rules(UPLOAD, Alpha.class, Beta.class).featurePackagesHaveNoCycles())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle");
    }

    @Test
    void aLayerPackageFails() {
        assertThatThrownBy(() -> rules(UPLOAD, UploadController.class).packagesAreFeaturesNotLayers())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UploadController");
    }

    @Test
    void aClassOutsideTheServicePackageFails() {
        assertThatThrownBy(() -> rules("dev.vodflow.catalog", Clean.class).packagesAreFeaturesNotLayers())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.vodflow.upload.clean.Clean");
    }

    @Test
    void eventContractsThatDependOnMoreThanTheJdkFail() {
        ServiceRules rules = new ServiceRules(
                UPLOAD,
                new ClassFileImporter().importClasses(Clean.class),
                new ClassFileImporter().importClasses(UsesStandIn.class));

        assertThatThrownBy(rules::eventContractsDependOnTheJdkOnly)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.vodflow.localaws.LocalAws");
    }

    @Test
    void aRootThatIsNoServicePackageIsRefused() {
        assertThatThrownBy(() -> rules("dev.vodflow.notify", Clean.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.vodflow.notify is not one of the service packages");
    }
}
