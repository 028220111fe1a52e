package org.shuyu.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The policy compiler is a pure library (STYLE.md (c)13): the controller and the job runtime both embed it. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.shuyu.policy");

    @Test
    void dependsOnNeitherSpringNorSpark() {
        noClasses().that().resideInAPackage("org.shuyu.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.spark..")
                .because("rule 'the policy library depends on neither Spring nor Spark': it is plain Java, embedded by"
                        + " the controller (Spring) and the job runtime (Spark) alike; keep framework code in the"
                        + " module that uses the framework and hand the library plain values")
                .check(CLASSES);
    }
}
