package org.shuyu.lineage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The lineage model and store are a pure library (STYLE.md (c)13): the controller and the job runtime both use it. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.shuyu.lineage");

    @Test
    void dependsOnNeitherSpringNorSpark() {
        noClasses().that().resideInAPackage("org.shuyu.lineage..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.spark..")
                .because("rule 'the lineage library depends on neither Spring nor Spark': it is plain Java, used by the"
                        + " controller (Spring) and the job runtime's listener (Spark) alike; keep plan walking in"
                        + " compute-jobs and Spring wiring in the controller, and hand the library plain values")
                .check(CLASSES);
    }
}
