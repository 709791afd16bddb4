package com.securevox.call.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Settings come from one place, so that every one of them is documented, validated and testable. */
class EnvironmentAccessTest {

    private final JavaClasses production = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.securevox.call");

    @Test
    void onlyTheConfigPackageReadsTheEnvironment() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.securevox.call.config..")
                .should()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .because("configuration is read and validated only by com.securevox.call.config.ConfigLoader")
                .check(production);
    }
}
