package dev.vodflow.transcode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DependencyRulesTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vodflow.transcode");

    @Test
    void noOtherServiceIsUsed() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.vodflow.upload..",
                        "dev.vodflow.catalog..",
                        "dev.vodflow.notification..",
                        "dev.vodflow.live..",
                        "dev.vodflow.playback..",
                        "dev.vodflow.localaws..",
                        "dev.vodflow.testsupport..")
                .check(classes);
    }

    @Test
    void jobCreationKnowsNothingOfJobStateOrTheOpsApi() {
        noClasses()
                .that()
                .resideInAPackage("dev.vodflow.transcode.job..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.vodflow.transcode.state..", "dev.vodflow.transcode.ops..")
                .check(classes);
    }

    @Test
    void eventPublishingIsAPlainAdapter() {
        noClasses()
                .that()
                .resideInAPackage("dev.vodflow.transcode.events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.vodflow.transcode.state..", "dev.vodflow.transcode.ops..")
                .check(classes);
    }
}
