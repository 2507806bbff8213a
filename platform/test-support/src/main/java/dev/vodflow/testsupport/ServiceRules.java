package dev.vodflow.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.vodflow.events.VodflowEvent;
import java.util.List;

/**
 * The dependency rules every service checks with ArchUnit: it uses no other service's code nor the local stand-ins,
 * its feature packages have no cycles and none is a layer ({@code ..controller..}, {@code ..service..}, ...), and
 * the event contracts it depends on depend on the JDK only.
 */
public final class ServiceRules {

    /** The root package of every service: a rule naming a package that does not exist would protect nothing. */
    public static final List<String> SERVICE_PACKAGES = List.of(
            "dev.vodflow.upload",
            "dev.vodflow.transcode",
            "dev.vodflow.catalog",
            "dev.vodflow.notification",
            "dev.vodflow.playback",
            "dev.vodflow.live");

    private static final String[] LAYER_PACKAGES = {
        "..controller..",
        "..controllers..",
        "..service..",
        "..services..",
        "..repository..",
        "..repositories..",
        "..model..",
        "..dto..",
        "..entity..",
        "..util..",
        "..utils..",
        "..common..",
        "..helper..",
        "..helpers.."
    };

    private final String root;
    private final JavaClasses service;
    private final JavaClasses events;

    private ServiceRules(Class<?> application) {
        // The module's own classes only: scanning the whole class path for a package takes far longer.
        this(application.getPackageName(), moduleOf(application), moduleOf(VodflowEvent.class));
    }

    /** The rules over the given classes, so that a test can show that each rule fails when broken. */
    ServiceRules(String root, JavaClasses service, JavaClasses events) {
        if (!SERVICE_PACKAGES.contains(root)) {
            throw new IllegalArgumentException(root + " is not one of the service packages " + SERVICE_PACKAGES);
        }
        this.root = root;
        this.service = service;
        this.events = events;
    }

    private static JavaClasses moduleOf(Class<?> type) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importUrl(type.getProtectionDomain().getCodeSource().getLocation());
    }

    /** The rules of the service whose Spring Boot application class is {@code application}. */
    public static ServiceRules of(Class<?> application) {
        return new ServiceRules(application);
    }

    public void usesNoOtherServiceNorTheLocalStandIns() {
        String[] forbidden = SERVICE_PACKAGES.stream()
                .filter(p -> !p.equals(root))
                .map(p -> p + "..")
                .toArray(String[]::new);
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.vodflow.localaws..", "dev.vodflow.testsupport..", "dev.vodflow.devstack..")
                .check(service);
    }

    public void featurePackagesHaveNoCycles() {
        slices().matching(root + ".(*)..").should().beFreeOfCycles().check(service);
    }

    public void packagesAreFeaturesNotLayers() {
        classes().should().resideInAPackage(root + "..").check(service);
        noClasses().should().resideInAnyPackage(LAYER_PACKAGES).check(service);
    }

    public void eventContractsDependOnTheJdkOnly() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.vodflow.events..")
                .check(events);
    }
}
