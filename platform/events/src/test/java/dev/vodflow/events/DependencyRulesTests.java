package dev.vodflow.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DependencyRulesTests {

    @Test
    void eventContractsDependOnNothingButTheJdk() {
        classes()
                .that()
                .resideInAPackage("dev.vodflow.events..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.vodflow.events..", "java..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.vodflow.events"));
    }
}
