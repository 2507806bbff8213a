package dev.vodflow.catalog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DependencyRulesTests {

    // The module's own classes only: scanning the whole classpath for the package takes far longer.
    private final JavaClasses catalog = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importUrl(CatalogServiceApplication.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation());

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.vodflow.catalog.(*)..").should().beFreeOfCycles().check(catalog);
    }

    @Test
    void storagePlumbingKnowsNothingOfVideos() {
        noClasses()
                .that()
                .resideInAPackage("..catalog.storage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..catalog.video..", "..catalog.ops..")
                .check(catalog);
    }

    @Test
    void projectionRulesArePlainJavaTestableWithoutABroker() {
        classes()
                .that()
                .haveSimpleNameStartingWith("VideoProjector")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.vodflow.events..", "dev.vodflow.catalog.video..")
                .check(catalog);
    }
}
