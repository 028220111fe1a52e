package org.shuyu.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Features know nothing about adapters or HTTP (STYLE.md (b), (c)6): HTTP mapping lives in adapter/web only.
 * Feature packages that do not exist yet are skipped and join the rule when they appear.
 */
class ArchitectureTest {
    private static final String BASE = "org.shuyu.controller";
    private static final List<String> FEATURES =
            List.of("audit", "catalog", "organization", "announcement", "grant", "identity", "error", "personnel", "workspace", "job",
                    "consent", "access", "demo", "lineage", "product");
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
    }

    private static String[] presentFeaturePackages() {
        return FEATURES.stream()
                .map(feature -> BASE + "." + feature)
                .filter(name -> classes.stream().anyMatch(c -> c.getPackageName().equals(name) || c.getPackageName().startsWith(name + ".")))
                .map(name -> name + "..")
                .toArray(String[]::new);
    }

    @Test
    void checksTheFeaturesThatExist() {
        assertThat(presentFeaturePackages()).contains(BASE + ".audit..", BASE + ".identity..", BASE + ".error..");
    }

    @Test
    void featuresDoNotDependOnAdapters() {
        noClasses().that().resideInAnyPackage(presentFeaturePackages())
                .should().dependOnClassesThat().resideInAPackage(BASE + ".adapter..")
                .check(classes);
    }

    @Test
    void featuresDoNotDependOnSpringWeb() {
        noClasses().that().resideInAnyPackage(presentFeaturePackages())
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..")
                .check(classes);
    }

    /** Kubernetes is an adapter's business (STYLE.md (b)): features see only the provisioner and launcher ports. */
    @Test
    void featuresDoNotDependOnTheKubernetesClient() {
        noClasses().that().resideInAnyPackage(presentFeaturePackages())
                .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
                .check(classes);
    }

    @Test
    void featuresDoNotDependOnTheServletApi() {
        noClasses().that().resideInAnyPackage(presentFeaturePackages())
                .should().dependOnClassesThat().resideInAPackage("jakarta.servlet..")
                .check(classes);
    }
}
