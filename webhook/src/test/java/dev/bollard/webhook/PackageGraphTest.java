package dev.bollard.webhook;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook's packages form a graph without cycles, so each one can be read, tested and moved
 * with only what it depends on. Checked twice: between the top-level packages (a sub-package
 * counts as its parent) and between every package on its own (so {@code ca.signing} cannot lean
 * on {@code ca.api} that leans back on it).
 */
class PackageGraphTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bollard.webhook");
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("dev.bollard.webhook.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void everyPackageHasNoCycles() {
        slices().matching("dev.bollard.webhook.(**)").should().beFreeOfCycles().check(main);
    }
}
